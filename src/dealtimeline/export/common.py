"""What every exporter shares: the heading, the subtitle and the year groups."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from dealtimeline.core.model import Event
from dealtimeline.core.values import plural

HEADING = "Deal timeline"


def subtitle(events: Sequence[Event]) -> str:
    """`46 events, 2019-07-22 to Jun 2026`, or `No events`: what the export holds."""
    if not events:
        return "No events"
    dates = sorted((e.date for e in events), key=lambda d: d.sort_key)
    span = (
        dates[0].display if dates[0] == dates[-1] else f"{dates[0].display} to {dates[-1].display}"
    )
    return f"{plural(len(events), 'event')}, {span}"


def by_year(events: Sequence[Event]) -> Iterator[tuple[int, list[Event]]]:
    """Runs of events of the same year, in the order given (newest first with --reverse)."""
    for year, group in groupby(events, key=lambda e: e.date.start.year):
        yield year, list(group)
