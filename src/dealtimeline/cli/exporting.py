"""The export command: the filtered events as a file, to stdout or written atomically."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import Annotated

import typer

from dealtimeline.cli.app import app, filtered_events, global_options, load_store_for, message
from dealtimeline.cli.options import OrderedSelection, StoreOption, option_groups
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import Store
from dealtimeline.export import EXPORTERS

ExportFormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=", ".join(list(EXPORTERS)[:-1]) + " or " + list(EXPORTERS)[-1] + ".",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout; sqlite needs it.",
        show_default=False,
    ),
]


def size_text(size: int) -> str:
    """`812 B`, `12.3 KB`, `1.4 MB` (powers of 1000)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} KB"
    return f"{size / 1_000_000:.1f} MB"


@app.command("export")
@option_groups
def export_command(
    ctx: typer.Context,
    fmt: ExportFormatOption,
    output: OutputOption = None,
    *,
    selection: OrderedSelection,
    store: StoreOption = None,
) -> None:
    """The filtered events as a file: a page, a calendar, data.

    Formats: html (one standalone page), ics (calendar), mermaid (timeline diagram),
    timelinejs (TimelineJS3 JSON), json, csv (as list prints them), markdown (a document
    to read), yaml (a store of the events and what they reference), sqlite (a database of
    them, for sqlite3, sqlite-utils and Datasette; needs -o FILE). Takes the same filters
    as list; when they keep no event, nothing is written and the exit status is 1.

    Example: dealtimeline export --format html --company oracle -o oracle.html
    """
    from dealtimeline.core.dates import today
    from dealtimeline.export import exporter

    chosen = exporter(fmt)
    to_stdout = output is None or _is_stdout(output)
    if to_stdout and chosen.binary:
        raise DealtimelineError.usage(
            f"the {chosen.name} format is a database file, never written to standard output",
            f"Name the file: dealtimeline export --format {chosen.name} -o deals{chosen.extension}",
        )
    options = global_options(ctx, store, False)
    loaded = load_store_for(options)
    loaded, filters, events = filtered_events(loaded, selection, quiet=True)
    if not events:
        # An empty file would be no use, and an empty calendar is not valid (RFC 5545).
        raise DealtimelineError.failure(
            "no events match these filters",
            "Nothing was written; 'dealtimeline list' with the same filters shows what they keep.",
        )
    if output is None or to_stdout:
        _to_stdout(chosen.data(loaded, events, filters, today()))
        return
    from dealtimeline.core.values import plural
    from dealtimeline.store.atomic import write_atomically

    data = chosen.data(loaded, events, filters, today())
    write_atomically(output, data, mode_limit=_store_bits(loaded))
    with contextlib.suppress(OSError):  # written: a full stderr does not make it a failure
        message(f"Wrote {plural(len(events), 'event')} to {output} ({size_text(len(data))})")


def _store_bits(store: Store) -> int:
    """The store file's read and write bits (owner-only for a store read from a pipe):
    an export is never more readable than the store it comes from."""
    try:
        return stat.S_IMODE(os.stat(store.path).st_mode) & 0o666
    except (OSError, ValueError):
        return 0o600


def _is_stdout(output: Path) -> bool:
    """`-`, `/dev/stdout`, or a name of the very file that standard output is."""
    if str(output) in ("-", "/dev/stdout"):
        return True
    try:
        named = os.stat(output)
        current = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError):
        return False
    return (named.st_dev, named.st_ino) == (current.st_dev, current.st_ino)


def _to_stdout(data: bytes) -> None:
    """The file's UTF-8 bytes as they are (CRLF kept), whatever the locale's encoding."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        binary.write(data)
        binary.flush()
    sys.stdout.flush()
