"""The reading commands: show, diff, state, chart, companies, validate (list is in
listing.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dealtimeline.cli import completion
from dealtimeline.cli.app import (
    app,
    emit,
    filtered_events,
    global_options,
    mention_stale_temporaries,
    open_store,
)
from dealtimeline.cli.command_options import (
    KnownOption,
    ShowDealOption,
    ShowOutput,
    UnchangedOption,
)
from dealtimeline.cli.options import (
    Amounts,
    DuringOption,
    Lens,
    Output,
    Selection,
    SinceOption,
    StoreOption,
    UntilOption,
    option_groups,
)
from dealtimeline.cli.values import optional_period, period, period_range
from dealtimeline.core.dates import today
from dealtimeline.core.errors import DealtimelineError

if TYPE_CHECKING:
    from dealtimeline.core.model import Store
    from dealtimeline.views.base import View


@app.command("show")
@option_groups
def show_command(
    ctx: typer.Context,
    event_id: Annotated[
        str | None,
        typer.Argument(
            metavar="EVENT_ID", help="The id of one event.", autocompletion=completion.events
        ),
    ] = None,
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            "-c",
            metavar="NAME",
            help="A company's profile instead.",
            autocompletion=completion.companies,
        ),
    ] = None,
    deal: ShowDealOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    during: DuringOption = None,
    *,
    amounts: Amounts,
    lens: Lens,
    output: ShowOutput,
) -> None:
    """One event, one company's profile, or one deal's story.

    An event: its changes and every citation with its quote, numbered as open takes
    them. A company: its terms today, what is announced for later, its totals and its
    events (filtered and sorted on their amounts as list does: --min-amount, --measure,
    --sort amount...). A deal: its events in order and its figures as they stood.

    Formats: rich, json, markdown, yaml (and csv for a company's or a deal's events).

    Examples: dealtimeline show msft-rofr-2025

    dealtimeline show --deal stargate --since 2025
    """
    from dealtimeline.views.details import CompanyView, EventView

    given = sum(x is not None for x in (event_id, company, deal))
    if given != 1:
        raise DealtimelineError.usage(
            "give one of an event id, --company or --deal" if given else "nothing to show",
            "Try: dealtimeline show --company oracle, show --deal stargate, or show EVENT_ID",
        )
    options, whole = open_store(ctx, output)
    loaded = lens.narrow(whole)
    if deal is not None:
        _show_deal(loaded, deal, until, output, options)
        return
    if event_id is not None:
        from dealtimeline.core.query import resolve_event
        from dealtimeline.core.state import value_before

        event = resolve_event(loaded, event_id, whole)
        before = [value_before(loaded, event, change) for change in event.changes]
        emit(EventView(loaded, event, before), output, options)
        return
    from dealtimeline.cli.names import company as named_company
    from dealtimeline.core.aggregates import company_profile
    from dealtimeline.core.as_of import profile_as_of
    from dealtimeline.core.query import Filters, select

    assert company is not None
    found = named_company(loaded, company)
    first, last = period_range(since, until)
    during_period = optional_period(during, "--during")
    filters = amounts.narrow(Filters((found.id,), since=first, until=last, during=during_period))
    as_of = profile_as_of(filters, today())
    profile = company_profile(loaded, found, select(loaded, filters), as_of)
    emit(CompanyView(loaded, profile), output, options)


@app.command("diff")
@option_groups
def diff_command(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="A", help="The earlier period, e.g. 2024.")],
    end: Annotated[
        str, typer.Argument(metavar="B", help="The later period (default: today).")
    ] = "today",
    unchanged: UnchangedOption = False,
    known: KnownOption = False,
    *,
    lens: Lens,
    output: Output,
) -> None:
    """What changed between two dates, and which event did it.

    Compares the state at the end of A with the state at the end of B, then lists the
    events in between; B before A gives the reverse.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline diff 2024 2025
    """
    from dealtimeline.core.state import diff, known_diff
    from dealtimeline.views.details import DiffView

    first, last = period(start, "A"), period(end, "B")
    options, loaded = open_store(ctx, output)
    loaded = lens.narrow(loaded)
    result = known_diff(loaded, first, last) if known else diff(loaded, first, last)
    emit(DiffView(loaded, result, unchanged), output, options)


@app.command("state")
@option_groups
def state_command(
    ctx: typer.Context,
    as_of: Annotated[
        str,
        typer.Option("--as-of", metavar="PERIOD", help="At the end of PERIOD (default: today)."),
    ] = "today",
    *,
    lens: Lens,
    output: Output,
) -> None:
    """Every term's value at a moment, and the event that set it.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline state --as-of 2025-06
    """
    from dealtimeline.core.as_of import state_as_of
    from dealtimeline.core.state import state_table, upcoming
    from dealtimeline.views.details import StateView

    at = state_as_of(period(as_of, "--as-of"))
    options, loaded = open_store(ctx, output)
    loaded = lens.narrow(loaded)
    view = StateView(loaded, at, state_table(loaded, at), upcoming(loaded, date.min, at))
    emit(view, output, options)


@app.command("chart")
@option_groups
def chart_command(ctx: typer.Context, selection: Selection, output: Output) -> None:
    """The deals over time: terms as bars, events as marks.

    Formats: rich, json, csv, markdown, yaml. The years run from the first change or
    event (or --since) to the end of this year or of the last change announced (or
    --until).

    Example: dealtimeline chart --company microsoft --since 2023
    """
    from dealtimeline.core.chart_span import chart_content
    from dealtimeline.render.console import terminal_width
    from dealtimeline.views.chart import ChartView

    options, loaded = open_store(ctx, output)
    loaded, filters, events = filtered_events(loaded, selection)
    day = today()
    content = chart_content(loaded, events, filters, day)
    view = ChartView(
        store=loaded,
        terms=content.terms,
        companies=content.companies,
        start=content.start,
        end=content.end,
        today=day,
        width=terminal_width() or 100,
        axis=content.axis,
    )
    emit(view, output, options)


def _table_command(name: str, summary: str, example: str, view: Callable[[Store], View]) -> None:
    """Register a command that shows one table of the store: `companies`."""

    def command(ctx: typer.Context, output: Output) -> None:
        options, loaded = open_store(ctx, output)
        emit(view(loaded), output, options)

    command.__name__ = f"{name}_command"
    command.__doc__ = (
        f"{summary}\n\n    Formats: rich, json, csv, markdown, yaml.\n\n"
        f"    Example: dealtimeline {name} {example}\n    "
    )
    app.command(name)(option_groups(command))


def _companies(loaded: Store) -> View:
    from dealtimeline.core.aggregates import company_summaries
    from dealtimeline.views.tables import CompaniesView

    return CompaniesView(loaded, company_summaries(loaded))


_table_command(
    "companies", "The companies: aliases, events, first and last date.", "--format csv", _companies
)


@app.command("validate")
def validate_command(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH",
            help="The store to check (default: the one in use).",
            readable=False,  # the reader says what is wrong, with exit 1
        ),
    ] = None,
    archive: Annotated[
        Path | None,
        typer.Option(
            "--archive", metavar="DIR", help="Check each quote against its source's archive file."
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Check a store, and with --archive its archived quotes.

    Example: dealtimeline validate deals.yaml
    """
    from dealtimeline.store.locate import store_path
    from dealtimeline.store.reader import load_store

    options = global_options(ctx, store, False)
    checked = path if path is not None else store_path(options.store)
    mention_stale_temporaries(checked)
    loaded = load_store(checked)
    if archive is not None:
        from dealtimeline.store.archive import check_quotes

        if not archive.is_dir():
            raise DealtimelineError.failure(
                "the archive folder does not exist",
                "give the folder that holds the files",
                str(archive),
            )
        problems = check_quotes(loaded, archive)
        if problems:
            raise DealtimelineError(problems)
    from dealtimeline.core.values import plural

    counts = (
        plural(len(loaded.events), "event"),
        plural(len(loaded.companies), "company", "companies"),
        plural(len(loaded.sources), "source"),
        plural(len(loaded.terms), "term"),
    )
    typer.echo(
        "OK: " + ", ".join(counts) + (", every archived quote found" if archive is not None else "")
    )


def _show_deal(loaded: Store, deal: str, until: str | None, output: Output, options: Any) -> None:
    """A deal's story and its figures as of the end of --until (today, when not given)."""
    from dealtimeline.core.query import resolve_deal
    from dealtimeline.core.totals import deal_summary
    from dealtimeline.views.money import DealView

    at = period(until or "today", "--until").end
    summary = deal_summary(loaded, resolve_deal(loaded, deal), at)
    if not summary.events and (loaded.known_at is not None or loaded.confirmed):
        confirmed = " confirmed" if loaded.confirmed else ""
        known = f" public on {loaded.known_at.isoformat()}" if loaded.known_at else ""
        raise DealtimelineError.usage(
            f"deal '{summary.deal.id}' has no{confirmed} event{known}",
            "Give a later --known-at, or leave it out."
            if loaded.known_at
            else "Leave --confirmed out to see its reported or disputed events.",
        )
    emit(DealView(loaded, summary), output, options)
