"""Exporters: pure functions from a store and its selected events to the text of a file,
or to the bytes of one (a database).

EXPORTERS is the one registry of the formats `export` writes: each entry's name, file
extension and description, and its function, whose module is imported only when that
format is written. json and csv are the `list` command's own forms, written by the same
view and writers; markdown is a document to read (`list --format markdown` is the
table). A binary format (`binary`) is written only to a file, never to standard output.
Every list and check of the formats derives from EXPORTERS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import Event, Store
from dealtimeline.core.query import Filters

Write = Callable[[Store, Sequence[Event], Filters, date], str]
WriteBytes = Callable[[Store, Sequence[Event], Filters, date], bytes]


@dataclass(frozen=True, repr=False)
class Exporter:
    """One export format: its name on the command line, its file's extension, what it
    is, and what writes it (the store, the selected events, their filters, the day): the
    file's text, or with `binary` its bytes (a database, written to a file named with
    -o, never to standard output)."""

    name: str
    extension: str
    description: str
    write: Write | WriteBytes
    binary: bool = False

    def data(self, store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> bytes:
        """The file's bytes: its text in UTF-8, or the bytes a binary format writes."""
        written = self.write(store, events, filters, stamp)
        return written if isinstance(written, bytes) else written.encode("utf-8")


def _html(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
    from dealtimeline.export.html import to_html

    return to_html(store, events, filters)


def _ics(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
    from dealtimeline.export.common import HEADING, filter_words
    from dealtimeline.export.ics import to_ics

    words = filter_words(store, filters)
    return to_ics(store, events, HEADING + (f" (filtered by {', '.join(words)})" if words else ""))


def _mermaid(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
    from dealtimeline.export.mermaid import to_mermaid

    return to_mermaid(store, events, filters)


def _timelinejs(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
    from dealtimeline.export.timelinejs import to_timelinejs

    return to_timelinejs(store, events, filters)


def _store_yaml(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
    from dealtimeline.export.store_yaml import to_store_yaml

    return to_store_yaml(store, events, filters)


def _markdown(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
    from dealtimeline.export.markdown import to_markdown_document

    return to_markdown_document(store, events, filters)


def _sqlite(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> bytes:
    from dealtimeline.export.sqlite import to_sqlite

    return to_sqlite(store, events, filters, stamp)


def _as_listed(fmt: str) -> Write:
    """The `list` command's own form `fmt`."""

    def write(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
        from dealtimeline.views.timeline import ListView

        return ListView(store, events, filters).text(fmt)

    return write


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("html", ".html", "one standalone page", _html),
        Exporter("ics", ".ics", "calendar", _ics),
        Exporter("mermaid", ".mmd", "timeline diagram", _mermaid),
        Exporter("timelinejs", ".json", "TimelineJS3 JSON", _timelinejs),
        Exporter("json", ".json", "as list prints it", _as_listed("json")),
        Exporter("csv", ".csv", "as list prints it", _as_listed("csv")),
        Exporter("markdown", ".md", "a document to read", _markdown),
        Exporter("yaml", ".yaml", "a store of the events and what they reference", _store_yaml),
        Exporter("sqlite", ".db", "a database for sqlite3 and Datasette", _sqlite, binary=True),
    )
}
EXPORT_FORMATS = tuple(EXPORTERS)
# The formats that are text, and so may go to standard output.
TEXT_FORMATS = tuple(name for name, found in EXPORTERS.items() if not found.binary)


def exporter(fmt: str) -> Exporter:
    """The exporter named `fmt` (any case, spaces around ignored); a usage error naming
    the formats otherwise."""
    found = EXPORTERS.get(fmt.strip().lower())
    if found is None:
        raise DealtimelineError.usage(
            f"no export format '{fmt}'", "Formats: " + ", ".join(EXPORTERS)
        )
    return found


def export(fmt: str, store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> str:
    """The file's text; `fmt` names one of the TEXT_FORMATS, `stamp` is the day of the
    export."""
    found = exporter(fmt)
    written = None if found.binary else found.write(store, events, filters, stamp)
    if not isinstance(written, str):
        raise DealtimelineError.usage(f"the {found.name} format is not text")
    return written
