"""The commands on terms: `terms` lists them, `history` shows one term's values."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtimeline.cli import completion
from dealtimeline.cli.app import app, emit, open_store
from dealtimeline.cli.options import Lens, Output, option_groups


@app.command("terms")
@option_groups
def terms_command(ctx: typer.Context, lens: Lens, output: Output) -> None:
    """Every term: its id, its label and its latest value.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline terms
    """
    from dealtimeline.core.history import latest
    from dealtimeline.views.history import TermsView

    options, loaded = open_store(ctx, output)
    loaded = lens.narrow(loaded)
    rows = [(term, latest(loaded, term)) for term in loaded.terms.values()]
    emit(TermsView(loaded, rows), output, options)


@app.command("history")
@option_groups
def history_command(
    ctx: typer.Context,
    term_id: Annotated[
        str,
        typer.Argument(metavar="TERM", help="A term's id.", autocompletion=completion.terms),
    ],
    *,
    lens: Lens,
    output: Output,
) -> None:
    """One term's values in order, with their events and doubt.

    Each value shows when it holds from and when it was known, the event behind it, its
    status, the aspects disputed and its sources.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline history oracle-capacity
    """
    from dealtimeline.core.history import resolve_term, term_history
    from dealtimeline.views.history import HistoryView

    options, loaded = open_store(ctx, output)
    loaded = lens.narrow(loaded)
    term = resolve_term(loaded, term_id)
    emit(HistoryView(loaded, term, term_history(loaded, term)), output, options)
