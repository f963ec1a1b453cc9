"""What every exporter shares: the heading, the year groups, and which links are safe."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from dealtimeline.core.model import Event
from dealtimeline.store.reader import HTTP_URL

HEADING = "Deal timeline"


def subtitle(events: Sequence[Event]) -> str:
    """`46 events, 2019-07-22 to Jun 2026`, or `No events`: what the export holds."""
    if not events:
        return "No events"
    count = len(events)
    dates = sorted((e.date for e in events), key=lambda d: d.sort_key)
    span = (
        dates[0].display if dates[0] == dates[-1] else f"{dates[0].display} to {dates[-1].display}"
    )
    return f"{count} event{'s' if count != 1 else ''}, {span}"


def by_year(events: Sequence[Event]) -> Iterator[tuple[int, list[Event]]]:
    """Runs of events of the same year, in the order given (newest first with --reverse)."""
    for year, group in groupby(events, key=lambda e: e.date.start.year):
        yield year, list(group)


def http_url(url: str | None) -> str | None:
    """The url when it is an http(s) address, as the store format requires, else None.

    Exporters link only to these: a store built in memory may hold any text here.
    """
    if url is not None and HTTP_URL.fullmatch(url):
        return url
    return None
