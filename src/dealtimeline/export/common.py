"""What every exporter shares: the heading, the subtitle (which says what filters chose
the events), and the year groups."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import groupby

from dealtimeline.core.model import Event, Store
from dealtimeline.core.quantities import Quantity
from dealtimeline.core.query import ANY_ASPECT, Filters
from dealtimeline.core.values import amount_text, capacity_text, plural, quantity

HEADING = "Deal timeline"


def subtitle(
    events: Sequence[Event], store: Store | None = None, filters: Filters | None = None
) -> str:
    """What the export holds: `46 events, 2019-07-22 to Jun 2026`, or `No events`; when
    filters or a lens chose them, `11 of 47 events, ... — filtered by company Oracle, since
    2025`."""
    if not events:
        return "No events"
    dates = sorted((e.date for e in events), key=lambda d: d.sort_key)
    span = (
        dates[0].display if dates[0] == dates[-1] else f"{dates[0].display} to {dates[-1].display}"
    )
    words = [] if store is None else filter_words(store, filters or Filters())
    if store is None or not words:
        return f"{plural(len(events), 'event')}, {span}"
    counted = f"{len(events)} of {plural(len(store.events), 'event')}"
    return f"{counted}, {span} — filtered by {', '.join(words)}"


def filter_words(store: Store, filters: Filters) -> list[str]:
    """Each filter and lens that chose the events, in words (none when nothing did):
    `company Oracle`, `since 2025`, `matching "stargate"`, `as known on 2025-01-20`."""
    words = []
    if filters.companies:
        names = [store.companies[c].name for c in filters.companies]
        joined = (" and " if filters.all_companies else " or ").join(names)
        words.append(("companies " if len(names) > 1 else "company ") + joined)
    if filters.kinds:
        words.append(("kinds " if len(filters.kinds) > 1 else "kind ") + " or ".join(filters.kinds))
    for name, when in (("since", filters.since), ("until", filters.until)):
        if when is not None:
            words.append(f"{name} {when.display}")
    if filters.during is not None:
        words.append(f"during {filters.during.display}")
    if filters.search:
        words.append(f'matching "{filters.search}"')
    if filters.disputed is not None:
        aspect = filters.disputed
        words.append("disputed" if aspect == ANY_ASPECT else f"disputed on {aspect}")
    words += [f"deal {deal}" for deal in filters.deals]
    words += [f"measure {measure}" for measure in filters.measures]
    for name, bound in (
        ("amount at least", filters.min_amount),
        ("amount at most", filters.max_amount),
        ("capacity at least", filters.min_capacity),
    ):
        if bound is not None:
            words.append(f"{name} {_bound(bound)}")
    if filters.confirmed or store.confirmed:
        words.append("confirmed events only")
    if store.known_at is not None:
        words.append(f"as known on {store.known_at.isoformat()}")
    if filters.limit is not None:
        words.append(f"the first {filters.limit}")
    return words


def _bound(bound: Quantity) -> str:
    """A bound as typed, in the views' form: `$10B`, `1 GW`."""
    if bound.unit is None:
        return quantity(bound.value, "USD", False).lstrip("$")
    return quantity(bound.value, bound.unit, bound.capacity)


def paragraphs(text: str) -> list[str]:
    """A summary's paragraphs: split at blank lines when it has any (a literal `|` block),
    else at each line break (a folded `>` block keeps a blank line as one break); the
    lines of one paragraph joined with spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    # Only spaces and tabs are trimmed: other characters are data, shown as they are.
    lines = [[line.strip(" \t") for line in block.split("\n")] for block in blocks]
    return [" ".join(line for line in block if line) for block in lines if any(block)]


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
