"""Exporters: pure functions from a store and its selected events to the text of a file.

`export` picks one by format name; json, csv and markdown are the `list` command's own
forms, written by the same view and writers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dealtimeline.core.model import Event, Store
from dealtimeline.core.query import Filters

EXPORT_FORMATS = ("html", "ics", "mermaid", "timelinejs", "json", "csv", "markdown", "yaml")


def export(fmt: str, store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
    """The file's text; `fmt` is one of EXPORT_FORMATS, `stamp` the day of the export."""
    if fmt == "html":
        from dealtimeline.export.html import to_html

        return to_html(store, events)
    if fmt == "ics":
        from dealtimeline.export.ics import to_ics

        return to_ics(store, events, stamp)
    if fmt == "mermaid":
        from dealtimeline.export.mermaid import to_mermaid

        return to_mermaid(store, events)
    if fmt == "timelinejs":
        from dealtimeline.export.timelinejs import to_timelinejs

        return to_timelinejs(store, events)
    if fmt == "yaml":
        from dealtimeline.export.store_yaml import to_store_yaml

        return to_store_yaml(store, events)
    if fmt not in ("json", "csv", "markdown"):
        raise ValueError(f"no export format '{fmt}'")
    from dealtimeline.views.reading import ListView

    return ListView(store, events, filters).text(fmt)
