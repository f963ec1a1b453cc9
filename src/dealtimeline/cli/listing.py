"""`list`, the command run most, in a module of its own: it loads only the options it
takes, not those of show, diff or validate."""

from __future__ import annotations

import typer

from dealtimeline.cli.app import app, emit, filtered_events, open_store
from dealtimeline.cli.options import OrderedSelection, Output, option_groups


@app.command("list")
@option_groups
def list_command(ctx: typer.Context, selection: OrderedSelection, output: Output) -> None:
    """The events in date order, as a timeline grouped by year.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline list --company oracle --since 2024 --kind capacity
    """
    from dealtimeline.views.timeline import ListView

    options, loaded = open_store(ctx, output)
    loaded, filters, events = filtered_events(loaded, selection)
    emit(ListView(loaded, events, filters), output, options)
