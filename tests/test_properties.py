"""Properties of state, diff and filters over generated stores."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import Change, Citation, Company, Event, Source, Store, Term
from dealtimeline.core.query import Filters, select
from dealtimeline.core.state import Setting, diff, settings_by_term, state_at

COMPANIES = ("a", "b", "c")
TERMS = ("t1", "t2", "t3")
KINDS = ("capacity", "terms", "investment")


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(2019, 2027))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate.of(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate.of(year, month)
    return PartialDate.of(year, month, draw(st.integers(1, 28)))


@st.composite
def periods(draw: st.DrawFn) -> PartialDate:
    if draw(st.booleans()):
        return PartialDate.quarter(draw(st.integers(2018, 2028)), draw(st.integers(1, 4)))
    return draw(partial_dates())


changes = st.builds(
    Change,
    term=st.sampled_from(TERMS),
    value=st.one_of(st.none(), st.sampled_from(["x", "y", "z"])),
    effective=st.one_of(st.none(), partial_dates()),
)


@st.composite
def stores(draw: st.DrawFn) -> Store:
    count = draw(st.integers(0, 15))
    events = []
    for position in range(count):
        events.append(
            Event(
                id=f"e{position}",
                date=draw(partial_dates()),
                title=draw(st.sampled_from(["Oracle deal", "Azure terms", "Stargate"])),
                kind=draw(st.sampled_from(KINDS)),
                companies=tuple(
                    draw(st.lists(st.sampled_from(COMPANIES), min_size=1, max_size=3, unique=True))
                ),
                citations=(
                    Citation(
                        "s", "quote", disputes=draw(st.sampled_from([(), ("date",), ("occurred",)]))
                    ),
                ),
                changes=tuple(draw(st.lists(changes, max_size=3))),
                position=position,
            )
        )
    ordered = tuple(sorted(events, key=lambda e: (e.date.sort_key, e.position)))
    return Store(
        path="generated.yaml",
        companies={c: Company(c, c.upper()) for c in COMPANIES},
        sources={"s": Source("s", "T", "P", PartialDate.of(2024))},
        terms={t: Term(t, t, COMPANIES[:1]) for t in TERMS},
        events=ordered,
    )


def _values(state: dict[str, Setting]) -> dict[str, str | None]:
    return {term: setting.value for term, setting in state.items()}


@settings(max_examples=200, deadline=None)
@given(stores(), periods(), periods())
def test_changes_between_two_ends_turn_one_state_into_the_other(
    store: Store, first: PartialDate, second: PartialDate
) -> None:
    start, end = sorted((first.end, second.end))
    state = _values(state_at(store, start))
    between = [
        setting
        for settings_ in settings_by_term(store).values()
        for setting in settings_
        if start < setting.since <= end
    ]
    for setting in between:
        state[setting.term] = setting.value
    assert state == _values(state_at(store, end))


@settings(max_examples=200, deadline=None)
@given(stores(), periods(), periods())
def test_diff_backwards_is_the_exact_reverse(
    store: Store, first: PartialDate, second: PartialDate
) -> None:
    forward = diff(store, first, second)
    backward = diff(store, second, first)
    swap = {"added": "ended", "ended": "added", "changed": "changed", "unchanged": "unchanged"}
    assert [(t.term.id, swap[t.status], t.after_value, t.before_value) for t in forward.terms] == [
        (t.term.id, t.status, t.before_value, t.after_value) for t in backward.terms
    ]
    if first.end != second.end:
        assert [e.id for e in forward.events] == [e.id for e in reversed(backward.events)]


@settings(max_examples=200, deadline=None)
@given(stores(), periods())
def test_since_and_until_the_period_before_partition_the_events(
    store: Store, period: PartialDate
) -> None:
    after = {e.id for e in select(store, Filters(since=period))}
    before = {e.id for e in select(store, Filters(until=period.previous()))}
    assert after.isdisjoint(before)
    assert after | before == {e.id for e in store.events}


filters = st.sampled_from(
    [
        Filters(companies=("a",)),
        Filters(companies=("a", "b"), all_companies=True),
        Filters(kinds=("terms",)),
        Filters(since=PartialDate.of(2023)),
        Filters(until=PartialDate.of(2025, 6)),
        Filters(during=PartialDate.quarter(2024, 2)),
        Filters(search="ORACLE"),
        Filters(disputed="any"),
        Filters(disputed="date"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(stores(), filters, filters)
def test_filters_commute(store: Store, first: Filters, second: Filters) -> None:
    def both(one: Filters, other: Filters) -> list[str]:
        kept = [e for e in store.events if one.keeps(store, e)]
        return [e.id for e in kept if other.keeps(store, e)]

    assert both(first, second) == both(second, first)
    assert both(first, second) == [
        e.id for e in select(store, first) if e.id in {x.id for x in select(store, second)}
    ]


def test_the_day_before_a_period_is_the_end_of_the_previous_one() -> None:
    for period in (PartialDate.of(2025), PartialDate.of(2025, 3), PartialDate.quarter(2025, 1)):
        assert period.previous().end == period.start - timedelta(days=1)
    assert PartialDate.of(2024, 3, 1).previous().start == date(2024, 2, 29)
