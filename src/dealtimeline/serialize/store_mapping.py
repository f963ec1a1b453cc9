"""The model as plain data in the store's own format (version 1), ready for a YAML dumper.

The writer appends events in this form and the YAML export writes whole stores in it, so
that both read back to equal events. Dates keep their precision: a year as a number, a
month as text, a day as a date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dealtimeline.core import schema
from dealtimeline.core.dates import PartialDate, parse_store_date
from dealtimeline.core.model import UNSPECIFIED, Amount, Change, Citation, Event

Data = dict[str, Any]


def store_date(value: PartialDate) -> int | str | date:
    """A new object each time, so that the dumper never writes an anchor and an alias."""
    start = value.start
    if value.precision == "year":
        return start.year
    if value.precision == "month":
        return value.iso
    return date(start.year, start.month, start.day)


def event_data(value: Event) -> Data:
    """The event's fields in the order the store writes them; empty ones left out."""
    amount, capacity = value.amount, value.capacity
    return fields(
        schema.EVENT,
        id=value.id,
        date=store_date(value.date),
        announced=None if value.announced is None else store_date(value.announced),
        title=value.title,
        summary=value.summary,
        kind=value.kind,
        companies=list(value.companies),
        deal=value.deal,
        supersedes=_supersedes(value.supersedes),
        status=value.status,
        amount=None if amount is None else _amount(amount),
        capacity=None
        if capacity is None
        else fields(schema.CAPACITY, value=capacity.value, unit=capacity.unit),
        sources=[_citation(c) for c in value.citations],
        changes=[_change(change) for change in value.changes] or None,
    )


def fields(record: schema.Record, **values: Any) -> Data:
    """`values` named by the record's YAML names, in store order; None ones left out."""
    return {name: values[name] for name in record.names if values.get(name) is not None}


def _supersedes(ids: tuple[str, ...]) -> str | list[str] | None:
    """`supersedes:` as the store writes it: one id, or a list."""
    if not ids:
        return None
    return ids[0] if len(ids) == 1 else list(ids)


def _amount(amount: Amount) -> Data:
    return fields(
        schema.AMOUNT,
        value=amount.value,
        currency=amount.currency,
        measure=amount.measure,
        note=amount.note,
        over=amount.over,
        **{"from": amount.payer, "to": amount.payee},
    )


def _change(change: Change) -> Data:
    return fields(
        schema.CHANGE,
        term=change.term,
        value=change.value,
        ends=change.ends or None,
        effective=None if change.effective is None else store_date(change.effective),
        since=None if change.since is None else store_date(change.since),
    )


def _citation(citation: Citation) -> Data:
    return fields(
        schema.CITATION,
        source=citation.source,
        quote=citation.quote,
        role=None if citation.role == "supports" else citation.role,
        disputes=_disputes(citation.disputes),
        claims=_claim(citation),
        note=citation.note,
        speaker=citation.speaker,
    )


def _disputes(aspects: tuple[str, ...]) -> bool | str | list[str] | None:
    """`disputes:` as the store writes it: true when unspecified, one aspect, or a list."""
    if not aspects:
        return None
    if aspects == (UNSPECIFIED,):
        return True
    return aspects[0] if len(aspects) == 1 else list(aspects)


def _claim(citation: Citation) -> Any:
    """The claim in the type its aspect reads it as."""
    claim = citation.claims
    if claim is None:
        return None
    aspect = citation.disputes[0]
    if aspect == "date":
        return store_date(parse_store_date(claim))
    if aspect == "amount":
        return float(claim) if "." in claim or "e" in claim else int(claim)
    if aspect == "occurred":
        return claim == "true"
    return claim
