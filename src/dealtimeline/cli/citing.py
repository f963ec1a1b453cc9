"""Commands that take one event's source elsewhere: `open` (to the browser), `cite`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from dealtimeline.cli.app import app, confirm, global_options, load_store_for
from dealtimeline.cli.command_options import (
    CiteFormatOption,
    EventArgument,
    SourceNumberArgument,
)
from dealtimeline.cli.options import StoreOption
from dealtimeline.core.errors import DealtimelineError

if TYPE_CHECKING:
    from dealtimeline.core.model import Citation, Event, Store


@app.command("open")
def open_command(
    ctx: typer.Context,
    event_id: EventArgument,
    number: SourceNumberArgument = None,
    store: StoreOption = None,
) -> None:
    """Open an event's source in the web browser.

    Opens the best source (the one cite gives), or the one numbered N in 'show'.
    Only http and https addresses are opened. The browser is $BROWSER, else the
    system's.

    Example: dealtimeline open msft-rofr-2025
    """
    import webbrowser

    from dealtimeline.core.sanitize import http_url, visible

    loaded, event = _event(ctx, store, event_id)
    citation = _best(loaded, event) if number is None else _numbered(loaded, event, number)
    source = loaded.sources[citation.source]
    url = http_url(source.url)
    if url is None:
        raise DealtimelineError.failure(
            f"source '{visible(source.id)}' has no http or https address to open",
            f"See its other sources: dealtimeline show {event.id}",
        )
    if not webbrowser.open(url):
        raise DealtimelineError.failure(
            "no web browser could be started", f"The address: {url} (set BROWSER to choose one)"
        )
    confirm(f"Opened {url}")


@app.command("cite")
def cite_command(
    ctx: typer.Context,
    event_id: EventArgument,
    fmt: CiteFormatOption = "plain",
    store: StoreOption = None,
) -> None:
    """Print a citation of an event's best source.

    The best source is, of those that support the event, the best grade (primary,
    press, copy), then the earliest published, then the first listed.

    Example: dealtimeline cite msft-rofr-2025 --format bibtex
    """
    from dealtimeline.serialize.citation import CITE_FORMATS, CITERS

    wanted = fmt.strip().lower()
    if wanted not in CITE_FORMATS:
        raise DealtimelineError.usage(
            f"no format '{fmt}' here", "Formats for this command: " + ", ".join(CITE_FORMATS)
        )
    loaded, event = _event(ctx, store, event_id)
    citation = _best(loaded, event)
    typer.echo(CITERS[wanted](loaded.sources[citation.source], event), nl=False)


def _event(ctx: typer.Context, store: StoreOption, event_id: str) -> tuple[Store, Event]:
    """The store the global options name, and the event `event_id` in it."""
    from dealtimeline.core.query import resolve_event

    loaded = load_store_for(global_options(ctx, store, False))
    return loaded, resolve_event(loaded, event_id)


def _best(store: Store, event: Event) -> Citation:
    from dealtimeline.core.sourcing import best_citation

    found = best_citation(store, event)
    if found is None:
        raise DealtimelineError.failure(
            f"no source supports the event '{event.id}'",
            f"Its citations dispute it or give context: dealtimeline show {event.id}",
        )
    return found


def _numbered(store: Store, event: Event, number: int) -> Citation:
    from dealtimeline.core.sourcing import evidence
    from dealtimeline.core.values import plural

    listed = evidence(store, event).numbered
    if number > len(listed):
        raise DealtimelineError.usage(
            f"no source {number} for '{event.id}': it has {plural(len(listed), 'source')}",
            f"See them numbered: dealtimeline show {event.id}",
        )
    return listed[number - 1]
