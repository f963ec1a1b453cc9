"""Properties of totals and of the order by amount, over generated stores of deals."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import MEASURES, Amount, Capacity, Citation, Deal, Event, Store
from dealtimeline.core.quantities import sorted_events
from dealtimeline.core.totals import cut, live, totals

COMPANIES = ("a", "b", "c")
DEALS = ("d1", "d2", "d3")


@st.composite
def days(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(2022, 2026))
    if draw(st.booleans()):
        return PartialDate.of(year)
    return PartialDate.of(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))


@st.composite
def amounts(draw: st.DrawFn) -> Amount | None:
    if draw(st.integers(0, 4)) == 0:
        return None
    payer, payee = draw(st.permutations(COMPANIES))[:2]
    return Amount(
        draw(st.sampled_from([1e9, 2e9, 5e9, 1e10, 3e11])),
        draw(st.sampled_from(["USD", "USD", "EUR"])),
        draw(st.one_of(st.none(), st.sampled_from(MEASURES[:3]))),
        payer if draw(st.booleans()) else None,
        payee,
    )


@st.composite
def stores(draw: st.DrawFn) -> Store:
    """Events of a few deals (or of none), each superseding some earlier events of its
    own deal, as the reader allows."""
    events: list[Event] = []
    for position in range(draw(st.integers(0, 12))):
        deal = draw(st.one_of(st.none(), st.sampled_from(DEALS)))
        day = draw(days())
        earlier = [e.id for e in events if e.deal == deal and deal and e.date.start <= day.end]
        supersedes = tuple(draw(st.lists(st.sampled_from(earlier), unique=True))) if earlier else ()
        events.append(
            Event(
                id=f"e{position}",
                date=day,
                title="A deal",
                kind="capacity",
                companies=("a", "b"),
                citations=(Citation("s", "words"),),
                status=draw(st.sampled_from(["official", "reported"])),
                amount=draw(amounts()),
                capacity=draw(
                    st.one_of(
                        st.none(),
                        st.builds(
                            Capacity, st.sampled_from([1, 4.5]), st.sampled_from(["GW", "MW"])
                        ),
                    )
                ),
                deal=deal,
                supersedes=supersedes,
                position=position,
            )
        )
    events.sort(key=lambda e: (e.date.sort_key, e.position))
    deals = {
        d: Deal(d, d.upper(), draw(st.sampled_from([("a", "b"), ("a", "b", "c")]))) for d in DEALS
    }
    return Store("s.yaml", {}, {}, {}, tuple(events), deals=deals)


as_of_days = st.dates(date(2021, 1, 1), date(2027, 12, 31))


@settings(max_examples=300, deadline=None)
@given(stores(), as_of_days)
def test_no_total_counts_one_deal_twice(store: Store, day: date) -> None:
    found = totals(store, day)
    # Each deal is counted once per measure, unit and status: in one line at most.
    seen = Counter(
        (line.measure, line.unit, part.status, part.deal)
        for line in found.lines
        for part in line.parts
    )
    assert all(count == 1 for count in seen.values())
    # Each event's amount and capacity count once, and a superseded figure never does.
    counted = [
        (line.measure == "capacity", e.id)
        for line in found.lines
        for p in line.parts
        for e in p.events
    ]
    assert len(counted) == len(set(counted))
    superseded = {old for e in cut(store.events, day) for old in e.supersedes}
    assert not superseded & {event_id for _, event_id in counted}
    # Each line is the sum of its deals' parts, and the parts of one status only.
    for line in found.lines:
        assert line.official + line.reported == sum(p.value for p in line.parts)
    # A measure's lines hold one currency each; untyped amounts are never in a line.
    assert all(e.amount is not None and e.amount.measure is None for e in found.untyped)
    money = {event_id for is_capacity, event_id in counted if not is_capacity}
    assert not {e.id for e in found.untyped} & money


@settings(max_examples=300, deadline=None)
@given(stores(), as_of_days)
def test_totals_as_of_a_day_are_the_totals_of_the_store_cut_there(store: Store, day: date) -> None:
    shorter = Store("s.yaml", {}, {}, {}, tuple(cut(store.events, day)), deals=store.deals)
    assert totals(store, day).lines == totals(shorter, day).lines
    assert totals(store, day).lines == totals(shorter, date(2099, 1, 1)).lines
    assert live(cut(store.events, day)) == live(list(shorter.events))


@settings(max_examples=300, deadline=None)
@given(stores(), st.sampled_from(["amount", "capacity"]), st.booleans())
def test_sorting_by_amount_is_stable_and_total(store: Store, by: str, reverse: bool) -> None:
    events = list(store.events)
    ordered = sorted_events(events, by, reverse)
    assert sorted(e.id for e in ordered) == sorted(e.id for e in events)  # total: all kept
    assert sorted_events(ordered, by, reverse) == ordered  # sorting again changes nothing

    def key(event: Event) -> float | None:
        if by == "amount":
            return None if event.amount is None else event.amount.value
        capacity = event.capacity
        return None if capacity is None else capacity.value * (1 if capacity.unit == "GW" else 1e-3)

    keys = [key(e) for e in ordered]
    present = [k for k in keys if k is not None]
    assert keys[: len(present)] == present  # events without one come last
    assert present == sorted(present, reverse=not reverse)
    # Stable: events of equal value keep their date order.
    for value in set(present):
        same = [e.position for e in ordered if key(e) == value]
        assert same == [e.position for e in events if key(e) == value]
