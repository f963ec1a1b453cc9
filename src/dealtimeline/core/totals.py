"""Totals that add up: money and capacity per pair of parties (or per deal), as of a day.

Each deal is counted once. Its figures are the amounts and capacities of its events on
or before the day that no later event of the deal supersedes: an expansion adds to a
contract, a confirmation or a restated total replaces what it supersedes. Official and
reported figures are kept apart, and a line holds one measure in one currency (or one
unit of capacity): nothing else is ever added together. An amount that names both who
pays and who is paid is counted on that pair's line; one that does not (a joint
venture's own budget) is its deal's own line, never attributed to each party. An event
without `deal:` is a deal of its own. Amounts without a measure are never summed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import Deal, Event, Store

CAPACITY = "capacity"
"""The measure of a capacity line; its unit is GW, MW or GPUs."""


@dataclass(frozen=True, repr=False)
class Part:
    """One deal's share of a line: its figure, of one status, and the events it sums."""

    deal: str
    status: str
    value: float
    events: tuple[Event, ...]


@dataclass(frozen=True, repr=False)
class Line:
    """One total: a measure in one currency or unit, between `payer` and `payee` (for a
    capacity, between the deal's two `parties`), or a deal's own line (`deal`)."""

    measure: str
    unit: str
    payer: str | None
    payee: str | None
    deal: str | None
    parts: tuple[Part, ...]

    def total(self, status: str) -> float:
        return sum(part.value for part in self.parts if part.status == status)

    @property
    def official(self) -> float:
        return self.total("official")

    @property
    def reported(self) -> float:
        return self.total("reported")

    @property
    def deals(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(part.deal for part in self.parts))

    @property
    def companies(self) -> tuple[str, ...]:
        return tuple(c for c in (self.payer, self.payee) if c is not None)


@dataclass(frozen=True, repr=False)
class Totals:
    """The lines as of a day, and the amounts that are not summed (no measure)."""

    as_of: date
    lines: tuple[Line, ...]
    untyped: tuple[Event, ...]


def deal_of(event: Event) -> str:
    """The deal an event counts in: its `deal:`, or a deal of its own."""
    return event.deal if event.deal is not None else event.id


def deal_parties(store: Store, deal: str) -> tuple[str, ...]:
    found = store.deals.get(deal)
    if found is not None:
        return found.parties
    event = store.event(deal)
    return event.companies if event is not None else ()


def cut(events: Iterable[Event], as_of: date) -> list[Event]:
    """The events on or before `as_of` (an event is placed at the first day of its span,
    as `--until` places it)."""
    return [event for event in events if event.date.start <= as_of]


def live(events: Sequence[Event]) -> list[Event]:
    """The events whose figures count: those that no event given supersedes."""
    superseded = {older for event in events for older in event.supersedes}
    return [event for event in events if event.id not in superseded]


Key = tuple[str, str, str | None, str | None, str | None]
Figure = tuple[Event, float, tuple[str, str] | None]
"""An event's figure for one measure and unit: the event, the value, who pays whom."""


def _figures(store: Store, event: Event) -> list[tuple[str, str, Figure]]:
    """An event's figures: its typed amount and its capacity, each with its measure and
    unit, and the pair it is between (for a capacity, a deal of two parties)."""
    found: list[tuple[str, str, Figure]] = []
    amount = event.amount
    if amount is not None and amount.measure is not None:
        pair = (amount.payer, amount.payee)
        between = (pair[0], pair[1]) if pair[0] is not None and pair[1] is not None else None
        found.append((amount.measure, amount.currency, (event, float(amount.value), between)))
    capacity = event.capacity
    if capacity is not None:
        parties = deal_parties(store, deal_of(event))
        between = (parties[0], parties[1]) if len(parties) == 2 else None
        found.append((CAPACITY, capacity.unit, (event, float(capacity.value), between)))
    return found


def _line_key(measure: str, unit: str, deal: str, figures: list[Figure]) -> Key:
    """A deal's figures of one measure and unit go to one line: their pair's when all
    name the same pair, the deal's own line otherwise."""
    pairs = {between for _, _, between in figures}
    if len(pairs) == 1:
        (pair,) = pairs
        if pair is not None:
            return (measure, unit, pair[0], pair[1], None)
    return (measure, unit, None, None, deal)


def totals(store: Store, as_of: date) -> Totals:
    """Every line as of the end of `as_of`, each deal counted once."""
    counted = live(cut(store.events, as_of))
    by_deal: dict[tuple[str, str, str], list[Figure]] = {}
    for event in counted:
        for measure, unit, figure in _figures(store, event):
            by_deal.setdefault((measure, unit, deal_of(event)), []).append(figure)
    grouped: dict[Key, list[Part]] = {}
    for (measure, unit, deal), figures in by_deal.items():
        key = _line_key(measure, unit, deal, figures)
        for status in ("official", "reported"):
            mine = [(e, v) for e, v, _ in figures if e.status == status]
            if mine:
                part = Part(deal, status, sum(v for _, v in mine), tuple(e for e, _ in mine))
                grouped.setdefault(key, []).append(part)
    lines = [Line(*key, parts=tuple(parts)) for key, parts in grouped.items()]
    lines.sort(key=_line_order)
    untyped = tuple(e for e in counted if e.amount is not None and e.amount.measure is None)
    return Totals(as_of, tuple(lines), untyped)


def _line_order(line: Line) -> tuple[bool, str, str, bool, float, float]:
    """Money before capacity, by measure and unit; pairs before deals' own lines; the
    largest first."""
    return (
        line.measure == CAPACITY,
        line.measure,
        line.unit,
        line.deal is not None,
        -line.official,
        -line.reported,
    )


@dataclass(frozen=True, repr=False)
class CompanyTotals:
    """A company's lines: those it pays or is paid on (or is a capacity party of), and
    the deals' own lines of deals it is party to, shown apart, never attributed to it."""

    company: str
    lines: tuple[Line, ...]
    shared: tuple[Line, ...]
    untyped: tuple[Event, ...]


def company_totals(store: Store, value: Totals, company: str) -> CompanyTotals:
    own = tuple(line for line in value.lines if company in line.companies)
    shared = tuple(
        line
        for line in value.lines
        if line.deal is not None and company in deal_parties(store, line.deal)
    )
    untyped = tuple(e for e in value.untyped if company in e.companies)
    return CompanyTotals(company, own, shared, untyped)


@dataclass(frozen=True, repr=False)
class DealSummary:
    """A deal with its events, its first and last dates, its figures as of a day and its
    status: official when any of its events is, reported otherwise."""

    deal: Deal
    events: tuple[Event, ...]
    lines: tuple[Line, ...]
    status: str

    @property
    def first(self) -> PartialDate | None:
        return self.events[0].date if self.events else None

    @property
    def last(self) -> PartialDate | None:
        return self.events[-1].date if self.events else None


def deal_summary(store: Store, deal: Deal, as_of: date) -> DealSummary:
    events = tuple(e for e in store.events if e.deal == deal.id)
    alone = Store(store.path, store.companies, {}, {}, events, deals={deal.id: deal})
    status = "official" if any(e.status == "official" for e in events) else "reported"
    return DealSummary(deal, events, totals(alone, as_of).lines, status)


def deal_summaries(store: Store, as_of: date) -> list[DealSummary]:
    """Each deal's summary; read through a lens (--known-at, --confirmed), only the deals
    it leaves an event of: the others were not yet public, or are not confirmed."""
    summaries = [deal_summary(store, deal, as_of) for deal in store.deals.values()]
    if store.known_at is None and not store.confirmed:
        return summaries
    return [summary for summary in summaries if summary.events]


COMMITMENTS = ("compute-purchase", "capacity-build")
"""The measures of money committed to be spent: what `totals --chart` draws, with capacity."""


@dataclass(frozen=True, repr=False)
class Step:
    """A line's figures from `day` on, until its next step."""

    day: date
    official: float
    reported: float


@dataclass(frozen=True, repr=False)
class Series:
    """One line's cumulative figures over time: a step on each day they changed."""

    measure: str
    unit: str
    payer: str | None
    payee: str | None
    deal: str | None
    steps: tuple[Step, ...]

    @property
    def last(self) -> Step:
        return self.steps[-1]

    @property
    def companies(self) -> tuple[str, ...]:
        return tuple(c for c in (self.payer, self.payee) if c is not None)


def series(store: Store, as_of: date, measures: Sequence[str] = COMMITMENTS) -> list[Series]:
    """The lines of `measures` and of capacity, each as its totals stood on each day an
    event happened up to `as_of`: the totals of the store cut at that day. A line that a
    later event moves (its deal's figures no longer all between one pair) drops to zero."""
    wanted = {*measures, CAPACITY}
    days = sorted({event.date.start for event in cut(store.events, as_of)})
    steps: dict[Key, list[Step]] = {}
    order: dict[Key, Line] = {}
    for day in days:
        seen: set[Key] = set()
        for line in totals(store, day).lines:
            if line.measure not in wanted:
                continue
            key = (line.measure, line.unit, line.payer, line.payee, line.deal)
            seen.add(key)
            order[key] = line
            _step(steps.setdefault(key, []), Step(day, float(line.official), float(line.reported)))
        for key, gone in steps.items():
            if key not in seen:
                _step(gone, Step(day, 0.0, 0.0))
    keys = sorted(steps, key=lambda key: _line_order(order[key]))
    return [Series(*key, steps=tuple(steps[key])) for key in keys]


def _step(steps: list[Step], step: Step) -> None:
    """Add `step` unless the figures are those of the last step."""
    if not steps or (steps[-1].official, steps[-1].reported) != (step.official, step.reported):
        steps.append(step)


def series_span(lines: Sequence[Series], as_of: date) -> tuple[date, date]:
    """From January 1 of the year of the first step to December 31 of `as_of`'s year."""
    first = min((s.steps[0].day for s in lines), default=as_of)
    return date(first.year, 1, 1), date(as_of.year, 12, 31)
