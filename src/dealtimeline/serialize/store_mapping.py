"""The model as plain data in the store's own format (version 1), ready for a YAML dumper.

The writer appends events in this form and the YAML export writes whole stores in it, so
that both read back to equal events. Dates keep their precision: a year as a number, a
month as text, a day as a date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

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
    data: Data = {"id": value.id, "date": store_date(value.date), "title": value.title}
    if value.summary is not None:
        data["summary"] = value.summary
    data["kind"] = value.kind
    data["companies"] = list(value.companies)
    data["status"] = value.status
    if value.amount is not None:
        amount: Data = {"value": value.amount.value, "currency": value.amount.currency}
        if value.amount.note is not None:
            amount["note"] = value.amount.note
        data["amount"] = amount
    data["sources"] = [
        {"source": c.source, "quote": c.quote, **({"disputes": True} if c.disputes else {})}
        for c in value.citations
    ]
    if value.changes:
        data["changes"] = [_change(change) for change in value.changes]
    return data


def _change(change: Change) -> Data:
    data: Data = {"term": change.term}
    if change.ends:
        data["ends"] = True
    else:
        data["value"] = change.value
    if change.effective is not None:
        data["effective"] = store_date(change.effective)
    return data
