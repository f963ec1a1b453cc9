"""Amounts and capacities typed on the command line (`10B`, `$10 billion`, `1.5T`,
`500M`, `10 GW`), and the order of events by amount or capacity."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dealtimeline.core.model import UNITS, Event
from dealtimeline.core.patterns import LazyPattern

FORMS = "such as 10B, $10 billion, 1.5T, 500M, 250000000 (money) or 10 GW, 500 MW (capacity)"
SORTS = ("date", "amount", "capacity")

_SCALES = {
    "": 1.0,
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_FORM = LazyPattern(
    r"(?P<symbol>[$€£¥]|[A-Z]{3}\s)?\s*(?P<number>[0-9][0-9_,]*(?:\.[0-9]+)?)\s*"
    r"(?P<word>[A-Za-z]+)?"
)
# The capacity units, and how many gigawatts one of each is (GPUs are counted apart).
_POWER = {"GW": 1.0, "MW": 1e-3}


@dataclass(frozen=True, repr=False, eq=False)
class Quantity:
    """A value typed on the command line: money (`unit` is its currency, or None when
    none was said) or a capacity (`unit` GW, MW or GPUs)."""

    value: float
    unit: str | None
    capacity: bool


def parse_quantity(text: str) -> Quantity:
    """The quantity in `text`; ValueError for anything else."""
    found = _FORM.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"'{text}' is not an amount")
    value = float(found["number"].replace("_", "").replace(",", ""))
    symbol = (found["symbol"] or "").strip()
    currency = _SYMBOLS.get(symbol, symbol or None)
    word = found["word"] or ""
    unit = next((u for u in UNITS if u.casefold() == word.casefold()), None)
    if unit is not None and currency is None:
        return _checked(Quantity(value, unit, True), text)
    scale = _SCALES.get(word.casefold())
    if scale is None:
        raise ValueError(f"'{text}' is not an amount")
    return _checked(Quantity(value * scale, currency, False), text)


def _checked(quantity: Quantity, text: str) -> Quantity:
    if not math.isfinite(quantity.value) or quantity.value < 0:
        raise ValueError(f"'{text}' is not an amount")
    return quantity


def in_gigawatts(value: float, unit: str) -> float | None:
    scale = _POWER.get(unit)
    return None if scale is None else value * scale


def money_at_least(event: Event, bound: Quantity, most: bool = False) -> bool:
    """The event's amount is at least (at most, with `most`) the bound, in the bound's
    currency when it names one."""
    amount = event.amount
    if amount is None or (bound.unit is not None and amount.currency != bound.unit):
        return False
    return amount.value <= bound.value if most else amount.value >= bound.value


def capacity_at_least(event: Event, bound: Quantity) -> bool:
    """The event's capacity is at least the bound (gigawatts and megawatts compared)."""
    capacity = event.capacity
    if capacity is None or bound.unit is None:
        return False
    have, want = in_gigawatts(capacity.value, capacity.unit), in_gigawatts(bound.value, bound.unit)
    if have is None or want is None:
        return capacity.unit == bound.unit and capacity.value >= bound.value
    return have >= want


def _capacity_key(event: Event) -> float | None:
    capacity = event.capacity
    if capacity is None:
        return None
    gigawatts = in_gigawatts(capacity.value, capacity.unit)
    return gigawatts if gigawatts is not None else None


def sorted_events(events: Sequence[Event], by: str, reverse: bool) -> list[Event]:
    """The events by date (oldest first), or by amount or capacity (largest first, events
    without one last, ties in date order); `reverse` turns the order around, ties still in
    date order. Every event keeps a place: the order is total and stable."""
    if by == "date":
        ordered = list(events)
        return ordered[::-1] if reverse else ordered
    values = [
        (e.amount.value if e.amount is not None else None) if by == "amount" else _capacity_key(e)
        for e in events
    ]
    present = [(v, e) for v, e in zip(values, events, strict=True) if v is not None]
    absent = [e for v, e in zip(values, events, strict=True) if v is None]
    present.sort(key=lambda pair: pair[0] if reverse else -pair[0])
    return [e for _, e in present] + absent
