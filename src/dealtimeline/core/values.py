"""How values read in every output: amounts, company lists, term values."""

from __future__ import annotations

from dealtimeline.core.model import Amount, Capacity, Event, Store

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
MAX_AMOUNT = 10**15
"""The largest amount a store may hold: every output shows it, exactly, as a finite number."""
TOO_LARGE = f"amounts are at most 10^15 ({MAX_AMOUNT}): write the amount in units of its currency"


def shortened(text: str, limit: int = 22) -> str:
    """`text` cut to its first `limit` characters and `…` when longer than 29."""
    return text if len(text) < 30 else text[:limit] + "…"


def money(value: float, currency: str) -> str:
    """`$1B`, `$11.9B`, `$350M`, `AED 2B`: short, and exact to two decimals of its scale."""
    number = _short_number(value)
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def _short_number(value: float) -> str:
    for scale, suffix in _SCALES:
        if abs(value) >= scale:
            return _trim(value / scale) + suffix
    return _trim(value)


def _trim(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def amount_text(amount: Amount | None, reported: bool) -> str:
    """The amount in readable form, with `~` when it rests on anonymous sources."""
    if amount is None:
        return ""
    return ("~" if reported else "") + money(amount.value, amount.currency)


def capacity_text(capacity: Capacity | None) -> str:
    """`4.5 GW`, `10 GW`, `20K GPUs`."""
    if capacity is None:
        return ""
    if capacity.unit == "GPUs":
        return f"{_short_number(capacity.value)} GPUs"
    return f"{_trim(capacity.value)} {capacity.unit}"


def quantity(value: float, unit: str, capacity: bool) -> str:
    """A total: money in its currency, or a capacity in its unit."""
    if capacity:
        return capacity_text(Capacity(value, unit))  # type: ignore[arg-type]
    return money(value, unit)


def event_amount(event: Event) -> str:
    """The amount and the capacity: `~$300B`, `$38B · 2 GW`, `4.5 GW`."""
    parts = [amount_text(event.amount, event.reported), capacity_text(event.capacity)]
    return " · ".join(part for part in parts if part)


def amount_terms(store: Store, amount: Amount) -> str:
    """What an amount is: `compute-purchase, OpenAI → Oracle, over five years`."""
    parts = [amount.measure] if amount.measure else []
    if amount.payer or amount.payee:
        payer = store.companies[amount.payer].name if amount.payer else "?"
        payee = store.companies[amount.payee].name if amount.payee else "?"
        parts.append(f"{payer} → {payee}")
    if amount.over:
        parts.append(f"over {amount.over}")
    return ", ".join(parts)


def company_list(store: Store, ids: tuple[str, ...]) -> str:
    return ", ".join(store.companies[c].name for c in ids)


def term_value(value: str | None) -> str:
    return value if value is not None else "(none)"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 event`, `0 events`, `2 companies` (with `nouns` for an irregular plural)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
