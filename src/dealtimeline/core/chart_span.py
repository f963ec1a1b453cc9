"""What the chart shows: which terms, which companies' events, over which days.

Pure decisions, data in and data out; the `chart` command draws what they return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dealtimeline.core.model import Company, Event, Store, Term
from dealtimeline.core.query import Filters
from dealtimeline.core.state import Segment, Setting, segments, settings_by_term


@dataclass(frozen=True, repr=False)
class ChartContent:
    """The chart's rows (each term with its values over the span, each company with its
    events) and the span itself, first and last day included."""

    terms: list[tuple[Term, list[Segment]]]
    companies: list[tuple[Company, list[Event]]]
    start: date
    end: date
    axis: Axis


def chart_content(
    store: Store, events: Sequence[Event], filters: Filters, day: date
) -> ChartContent:
    """The terms and companies the filters' companies (all, when none) take part in, that
    have something to show, over the span `chart_span` gives."""
    by_term = settings_by_term(store)
    terms = chart_terms(store, by_term, filters.companies)
    days = [e.date.start for e in events] + [s.since for t in terms for s in by_term[t.id]]
    start, end = chart_span(filters, days, day)
    return ChartContent(
        terms=[(t, shown) for t in terms if _holds(shown := segments(by_term[t.id], start, end))],
        companies=chart_companies(store, events, filters.companies),
        start=start,
        end=end,
        axis=chart_axis(start, end, days),
    )


def _holds(shown: list[Segment]) -> bool:
    """Whether a term has a value somewhere in the span: one set only later has nothing
    to show (a chart --until before it)."""
    return any(segment.setting is not None for segment in shown)


def chart_terms(
    store: Store, by_term: dict[str, list[Setting]], companies: Sequence[str]
) -> list[Term]:
    """The terms ever set, of any of `companies` (of all, when none is given)."""
    wanted = set(companies)
    return [
        term
        for term in store.terms.values()
        if by_term[term.id] and (not wanted or wanted.intersection(term.companies))
    ]


def chart_span(filters: Filters, days: Sequence[date], today: date) -> tuple[date, date]:
    """From --since (or --during), else January 1 of the first of `days`; to --until (or
    --during), else December 31 of this year or of the last of `days`, whichever is later.
    A --since after that end, or an --until before that start, is charted as its year."""
    first = filters.since or filters.during
    last = filters.until or filters.during
    start = first.start if first else date(min(days, default=today).year, 1, 1)
    end = last.end if last else date(max([*days, today]).year, 12, 31)
    if start > end:  # only one bound was given (both are checked in order before)
        return (start, date(start.year, 12, 31)) if first else (date(end.year, 1, 1), end)
    return start, end


@dataclass(frozen=True, repr=False)
class AxisPiece:
    """Days of the time axis drawn at one pace: a year, or a run of quiet years drawn
    narrower (`quiet`); `weight` is its share of the width, against the others'."""

    start: date
    end: date
    weight: float
    quiet: bool

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, repr=False)
class Axis:
    """The time axis of a chart: its pieces, in order, from the first day to the last."""

    pieces: tuple[AxisPiece, ...]

    @property
    def start(self) -> date:
        return self.pieces[0].start

    @property
    def end(self) -> date:
        return self.pieces[-1].end


QUIET_SHARE = 5
"""A year with less than a fifth of the busiest year's events and changes is quiet."""
QUIET_WEIGHT = 0.25
"""A quiet year's share of the width, against 1 to 2 for a busy year."""


def chart_axis(start: date, end: date, days: Sequence[date]) -> Axis:
    """Each year from `start` to `end` a piece weighted by what happens in it (busy years
    1 to 2 wide, by their count of `days` against the busiest's); each run of quiet years
    one piece, a quarter as wide per year, with a quiet year at least 0.5 wide. A year
    the span cuts counts for the part of it shown."""
    counts = {year: 0 for year in range(start.year, end.year + 1)}
    for day in days:
        if start <= day <= end:
            counts[day.year] += 1
    busiest = max(counts.values(), default=0)
    pieces: list[AxisPiece] = []
    for year, count in counts.items():
        first, last = max(date(year, 1, 1), start), min(date(year, 12, 31), end)
        if busiest and count * QUIET_SHARE < busiest:
            if pieces and pieces[-1].quiet:
                run = pieces.pop()
                pieces.append(AxisPiece(run.start, last, run.weight + QUIET_WEIGHT, True))
            else:
                pieces.append(AxisPiece(first, last, 2 * QUIET_WEIGHT, True))
        else:
            share = ((last - first).days + 1) / ((date(year, 12, 31) - date(year, 1, 1)).days + 1)
            pieces.append(AxisPiece(first, last, (1 + count / max(busiest, 1)) * share, False))
    return Axis(tuple(pieces))


def chart_companies(
    store: Store, events: Sequence[Event], companies: Sequence[str]
) -> list[tuple[Company, list[Event]]]:
    """Each of `companies` (each company, when none is given) that has events, with them."""
    wanted = set(companies)
    return [
        (c, [e for e in events if c.id in e.companies])
        for c in store.companies.values()
        if (not wanted or c.id in wanted) and any(c.id in e.companies for e in events)
    ]
