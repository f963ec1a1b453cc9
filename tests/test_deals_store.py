"""Deals, typed amounts and capacities in the store: what loads, and every refusal with
its exact message, line and column."""

from __future__ import annotations

import pytest

from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import Amount, Capacity, Deal
from dealtimeline.store.reader import parse_store

HEAD = """\
version: 1
companies:
  openai: {name: OpenAI}
  oracle: {name: Oracle}
sources:
  s1: {title: A title, publisher: A publisher, published: 2025-09-23}
deals:
  d1:
    name: A deal
    parties: [openai, oracle]
  d2: {name: Another, parties: [openai]}
events:
"""
# The first event starts on line 13, the second on line 29.
EVENTS = """\
  - id: e1
    date: 2025-09-10
    title: A report
    kind: capacity
    companies: [openai, oracle]
    deal: d1
    status: reported
    amount:
      value: 300000000000
      currency: USD
      measure: compute-purchase
      from: openai
      to: oracle
      over: five years
    sources:
      - {source: s1, quote: "words"}
  - id: e2
    date: 2025-09-23
    title: The confirmation
    kind: capacity
    companies: [openai, oracle]
    deal: d1
    supersedes: e1
    capacity: {value: 4.5, unit: GW}
    sources:
      - {source: s1, quote: "words"}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(DealtimelineError) as caught:
        parse_store(text.encode(), "s.yaml")
    assert caught.value.exit_code == 1
    return [str(p) for p in caught.value.problems]


def store_with(old: str, new: str) -> str:
    assert old in HEAD + EVENTS
    return (HEAD + EVENTS).replace(old, new, 1)


def test_deals_typed_amounts_and_capacities_load() -> None:
    store = parse_store((HEAD + EVENTS).encode(), "s.yaml")
    assert store.deals == {
        "d1": Deal("d1", "A deal", ("openai", "oracle")),
        "d2": Deal("d2", "Another", ("openai",)),
    }
    first, second = store.events
    assert first.amount == Amount(
        300000000000, "USD", "compute-purchase", "openai", "oracle", "five years"
    )
    assert (first.deal, second.deal, second.supersedes) == ("d1", "d1", ("e1",))
    assert second.capacity == Capacity(4.5, "GW")


def test_a_store_without_the_new_fields_still_loads() -> None:
    text = store_with("    deal: d1\n    status", "    status").replace("    supersedes: e1\n", "")
    text = text.replace("    deal: d1\n", "")
    store = parse_store(text.encode(), "s.yaml")
    assert [e.deal for e in store.events] == [None, None]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "measure: compute-purchase",
            "measure: compute-purchas",
            "s.yaml:23:16: unknown measure 'compute-purchas'; did you mean 'compute-purchase'? "
            "one of: equity-investment, funding-round, compute-purchase, capacity-build, "
            "valuation, guarantee, revenue-share",
        ),
        (
            "unit: GW",
            "unit: gw",
            "s.yaml:36:34: unknown unit 'gw'; did you mean 'GW'? one of: GW, MW, GPUs",
        ),
        (
            "to: oracle",
            "to: openai",
            "s.yaml:25:11: the amount is paid from 'openai' to itself; 'from' is who pays and "
            "'to' who is paid: name two companies, or leave one out",
        ),
        (
            "to: oracle",
            "to: orcle",
            "s.yaml:25:11: unknown company 'orcle'; did you mean 'oracle'?",
        ),
        (
            "deal: d1\n    supersedes",
            "deal: d9\n    supersedes",
            "s.yaml:34:11: unknown deal 'd9'; define it under 'deals'",
        ),
        (
            "supersedes: e1",
            "supersedes: e-1",
            "s.yaml:35:17: unknown event 'e-1'; did you mean 'e1'?",
        ),
        (
            "supersedes: e1",
            "supersedes: zz",
            "s.yaml:35:17: unknown event 'zz'; name an event of this store by its id",
        ),
        (
            "deal: d1\n    status",
            "deal: d2\n    status",
            "s.yaml:35:17: event 'e1' belongs to deal 'd2', not to 'd1'; an event supersedes "
            "only a figure of its own deal",
        ),
        (
            "value: 4.5",
            "value: .inf",
            "s.yaml:36:23: the capacity .inf is not a finite, positive number; write the "
            "capacity as a positive number, such as 4.5",
        ),
        (
            "value: 4.5",
            "value: -1",
            "s.yaml:36:23: the capacity -1 is not a finite, positive number; write the "
            "capacity as a positive number, such as 4.5",
        ),
        (
            "value: 4.5",
            "value: .nan",
            "s.yaml:36:23: the capacity .nan is not a finite, positive number; write the "
            "capacity as a positive number, such as 4.5",
        ),
    ],
)
def test_bad_deals_amounts_and_capacities_are_refused(old: str, new: str, expected: str) -> None:
    assert problems(store_with(old, new)) == [expected]


def test_a_supersede_cycle_is_refused() -> None:
    text = store_with("    deal: d1\n    status", "    deal: d1\n    supersedes: e2\n    status")
    text = text.replace("date: 2025-09-10", "date: 2025-09-23")
    assert problems(text) == [
        "s.yaml:19:17: event 'e1' supersedes itself through a cycle of supersedes; an event "
        "supersedes only earlier figures: remove one link"
    ]


def test_an_event_without_a_deal_supersedes_nothing() -> None:
    text = store_with("    deal: d1\n    supersedes", "    supersedes")
    assert problems(text) == [
        "s.yaml:34:17: event 'e2' supersedes 'e1' but names no deal; add 'deal: <id>': an "
        "event supersedes a figure of its own deal"
    ]


def test_a_later_event_is_not_superseded() -> None:
    text = store_with("date: 2025-09-10", "date: 2025-10-10")
    assert problems(text) == [
        "s.yaml:35:17: event 'e1' (2025-10-10) is later than 'e2' (2025-09-23); an event "
        "supersedes an earlier figure: swap them"
    ]


def test_a_deal_names_its_parties() -> None:
    text = store_with("    parties: [openai, oracle]\n", "")
    assert problems(text) == ["s.yaml:9:5: deal 'd1' has no 'parties'; add 'parties: ...'"]
