"""The model as plain data in the store's own format (version 1), ready for a YAML dumper.

The writer appends events in this form and the YAML export writes whole stores in it, so
that both read back to equal events. Dates keep their precision: a year as a number, a
month as text, a day as a date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dealtimeline.core import schema
from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import Change, Event

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
    amount = value.amount
    return fields(
        schema.EVENT,
        id=value.id,
        date=store_date(value.date),
        title=value.title,
        summary=value.summary,
        kind=value.kind,
        companies=list(value.companies),
        status=value.status,
        amount=None
        if amount is None
        else fields(schema.AMOUNT, value=amount.value, currency=amount.currency, note=amount.note),
        sources=[
            fields(schema.CITATION, source=c.source, quote=c.quote, disputes=c.disputes or None)
            for c in value.citations
        ],
        changes=[_change(change) for change in value.changes] or None,
    )


def fields(record: schema.Record, **values: Any) -> Data:
    """`values` named by the record's YAML names, in store order; None ones left out."""
    return {name: values[name] for name in record.names if values.get(name) is not None}


def _change(change: Change) -> Data:
    return fields(
        schema.CHANGE,
        term=change.term,
        value=change.value,
        ends=change.ends or None,
        effective=None if change.effective is None else store_date(change.effective),
    )
