"""What every exporter shares: the heading, the subtitle and the year groups."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from dealtimeline.core.model import Event, Store
from dealtimeline.core.values import amount_text, capacity_text, plural

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


def figures(store: Store, event: Event) -> str:
    """What the event's amount and capacity are, in words: `$300B compute purchase,
    OpenAI → Oracle, over five years · 4.5 GW` (each part only where the event has it)."""
    parts = []
    amount = event.amount
    if amount is not None:
        shown = [amount_text(amount, event.reported)]
        if amount.measure:
            shown[0] += " " + amount.measure.replace("-", " ")
        payer = store.companies[amount.payer].name if amount.payer else None
        payee = store.companies[amount.payee].name if amount.payee else None
        if payer and payee:
            shown.append(f"{payer} → {payee}")
        elif payer or payee:
            shown.append(f"from {payer}" if payer else f"to {payee}")
        if amount.over:
            shown.append(f"over {amount.over}")
        parts.append(", ".join(shown))
    if event.capacity is not None:
        parts.append(capacity_text(event.capacity))
    return " · ".join(parts)
