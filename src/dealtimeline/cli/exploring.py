"""`explore`: the timeline as an interactive terminal app. Textual is imported here, when
the command runs, and nowhere else: the other commands start as fast as before."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from dealtimeline.cli.app import (
    app,
    emit,
    filtered_events,
    global_options,
    load_store_for,
    message,
)
from dealtimeline.cli.options import (
    Output,
    Selection,
    Target,
    option_groups,
)
from dealtimeline.core.errors import ExitStatus

if TYPE_CHECKING:
    from dealtimeline.core.model import Event, Store


@app.command("explore")
@option_groups
def explore_command(
    ctx: typer.Context,
    selection: Selection,
    target: Target,
) -> None:
    """The timeline as an interactive terminal app.

    Move through the timeline, narrow it as you type, open an event's quotes, mark two
    events and see what changed between their dates. In the app, ? lists every key; q
    quits. The filters and --known-at choose the events it starts from. Without a
    terminal (a pipe, a file), it writes the timeline as `list` does.

    Example: dealtimeline explore --company oracle
    """
    options = global_options(ctx, target.store, target.no_color)
    loaded, filters, events = filtered_events(load_store_for(options), selection)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from dealtimeline.views.timeline import ListView

        message("explore needs a terminal: here is the timeline as list writes it")
        emit(ListView(loaded, events, filters), Output(no_color=options.no_color), options)
        return
    colour = not (options.no_color or os.environ.get("NO_COLOR"))
    code = run_explorer(loaded, events, colour)
    if code:
        raise typer.Exit(code)


def run_explorer(store: Store, events: Sequence[Event], colour: bool) -> int:
    """Run the app until it quits; its exit status (0, or 128 + a signal's number)."""
    from dealtimeline.explore.app import ExploreApp
    from dealtimeline.render.style import lens_suffix

    if not colour:
        os.environ["NO_COLOR"] = "1"
    explorer = ExploreApp(store, events, colour=colour, lens=lens_suffix(store).removeprefix(", "))
    explorer.run()
    if explorer.failure is not None:
        error = explorer.failure
        message(f"Error: the explorer stopped: {type(error).__name__}: {error}")
        return ExitStatus.FAILURE
    return explorer.return_code or 0
