"""The events as TimelineJS3 JSON: a title slide and one slide per event.

Dates hold only the parts their precision knows; headline and text are HTML (escaped
store text, the same citations as the web page), grouped by kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import Event, Store
from dealtimeline.core.query import Filters
from dealtimeline.core.values import company_list
from dealtimeline.export.common import HEADING, subtitle
from dealtimeline.export.html import details, esc, marks
from dealtimeline.serialize.text_formats import to_json


def date_parts(value: PartialDate) -> dict[str, str]:
    """`{"year": "2024"}`, plus `"month"` for a month, plus `"day"` for a day."""
    parts = {"year": str(value.start.year)}
    if value.precision in ("month", "day"):
        parts["month"] = str(value.start.month)
    if value.precision == "day":
        parts["day"] = str(value.start.day)
    return parts


def slide(store: Store, event: Event) -> dict[str, Any]:
    companies = esc(company_list(store, event.companies))
    meta = " ".join([esc(event.kind), "&middot;", companies, *marks(event)])
    body = [f'<p class="meta">{meta}</p>', *details(store, event)]
    return {
        "unique_id": event.id,
        "start_date": date_parts(event.date),
        "display_date": event.date.display,
        "group": event.kind,
        "text": {"headline": esc(event.title), "text": "\n".join(body)},
    }


def to_timelinejs(store: Store, events: Sequence[Event], filters: Filters | None = None) -> str:
    """The JSON that `new TL.Timeline(element, data)` reads; its title slide says what
    filters chose the events."""
    held = esc(subtitle(events, store, filters))
    data = {
        "title": {"text": {"headline": esc(HEADING), "text": f"<p>{held}</p>"}},
        "events": [slide(store, event) for event in events],
    }
    return to_json(data)
