"""The command line: parse options, ask the core, hand the result to a view.

Every user-facing failure is a DealtimelineError, turned into `Error: ...` and an exit
code in `main`, the one place that does so.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from dealtimeline.dates import PERIOD_FORMS, PartialDate, parse_period, today
from dealtimeline.errors import EXIT_INTERRUPTED, EXIT_USAGE, DealtimelineError, Problem
from dealtimeline.model import KINDS, Store


class _Group(TyperGroup):
    """The app's group: every known failure becomes `Error: ...` and its exit code here,
    for the console script and for tests driving the app alike."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args, prog_name or "dealtimeline", complete_var, standalone_mode=False, **extra
            )
        except DealtimelineError as error:
            report(error)
            result = error.exit_code
        except typer.TyperException as error:
            _usage(error)
            result = getattr(error, "exit_code", EXIT_USAGE)
        except (typer.Abort, KeyboardInterrupt):
            result = EXIT_INTERRUPTED
        code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=_Group,
    name="dealtimeline",
    help="Who supplies OpenAI's compute, on what terms, since when, and says who.",
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="PATH",
        help="The store to read; else $DEALTIMELINE_STORE; else the bundled events.yaml.",
        show_default=False,
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Plain text (also with NO_COLOR, or when piped).")
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="rich (default), json, csv, markdown or yaml."
    ),
]
SvgOption = Annotated[
    Path | None,
    typer.Option("--svg", metavar="FILE", help="Also save the view as an SVG picture."),
]
CompanyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--company", "-c", metavar="NAME", help="An id, name or alias, any case; repeatable."
    ),
]
AllCompaniesOption = Annotated[
    bool, typer.Option("--all-companies", help="Only events with all the --company given.")
]
KindOption = Annotated[
    list[str] | None,
    typer.Option("--kind", "-k", metavar="KIND", help="Repeatable: " + ", ".join(KINDS) + "."),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="PERIOD", help="From the start of PERIOD (2024, 2024-06, 2024Q3)."
    ),
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar="PERIOD", help="Up to the end of PERIOD.")
]
DuringOption = Annotated[
    str | None, typer.Option("--during", metavar="PERIOD", help="Overlapping PERIOD.")
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search", "-s", metavar="TEXT", help="Case-insensitive, in titles, summaries, quotes."
    ),
]
DisputedOption = Annotated[bool, typer.Option("--disputed", help="Only disputed events.")]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="Newest first.")]
LimitOption = Annotated[
    int | None, typer.Option("--limit", metavar="N", min=0, help="At most N events.")
]


@dataclass(frozen=True)
class GlobalOptions:
    store: Path | None
    no_color: bool


def _options(ctx: typer.Context, store: Path | None, no_color: bool) -> GlobalOptions:
    """Options given after the command win over the same ones given before it."""
    root = ctx.find_root().obj
    before = root if isinstance(root, GlobalOptions) else GlobalOptions(None, False)
    return GlobalOptions(store or before.store, no_color or before.no_color)


def _load(options: GlobalOptions) -> Store:
    from dealtimeline.loader import load_store
    from dealtimeline.locate import store_path

    return load_store(store_path(options.store))


def _period(text: str, option: str) -> PartialDate:
    try:
        return parse_period(text, today())
    except ValueError as error:
        raise DealtimelineError.usage(
            f"{error} ({option})", PERIOD_FORMS[0].upper() + PERIOD_FORMS[1:]
        ) from None


def _optional_period(text: str | None, option: str) -> PartialDate | None:
    return None if text is None else _period(text, option)


def _emit(view: Any, fmt: str, svg: Path | None, options: GlobalOptions) -> None:
    from dealtimeline import formats

    fmt = fmt.strip().lower()
    if fmt not in view.formats:
        raise DealtimelineError.usage(
            f"no format '{fmt}' here", "Formats for this command: " + ", ".join(view.formats)
        )
    try:
        if fmt == "rich":
            from dealtimeline.console import colour_wanted, print_renderables

            print_renderables(
                view.renderables(colour_wanted(options.no_color, sys.stdout)),
                colour_wanted(options.no_color, sys.stdout),
            )
        elif fmt == "json":
            sys.stdout.write(formats.to_json(view.payload()))
        elif fmt == "yaml":
            sys.stdout.write(formats.to_yaml(view.payload()))
        elif fmt == "csv":
            sys.stdout.write(formats.to_csv(view.grids()[view.csv_grid]))
        else:
            sys.stdout.write(formats.to_markdown(view.grids(), view.title))
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None
    if svg is not None:
        from dealtimeline.console import save_svg

        save_svg(view.renderables(True), svg, f"dealtimeline: {view.title}")
        _message(f"Saved the picture to {svg}")


def _silence_stdout() -> None:
    """After the reader of a pipe has gone, send what is left to /dev/null and stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _message(text: str) -> None:
    from dealtimeline.sanitize import visible

    sys.stderr.write(visible(text) + "\n")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"dealtimeline {version('dealtimeline')}")
        raise typer.Exit()


OVERVIEW = """\
dealtimeline: who supplies OpenAI's compute, on what terms, since when, and says who.

Try:
  dealtimeline list --company oracle     Oracle's events, as a timeline
  dealtimeline diff 2024 2025            what changed in the deals during 2025
  dealtimeline show --company microsoft  Microsoft's terms today, its totals and events

Commands: list, show, diff, state, companies, sources, validate.
Help on one: dealtimeline COMMAND --help
"""


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    store: StoreOption = None,
    no_color: NoColorOption = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Who supplies OpenAI's compute, on what terms, since when, and says who.

    Example: dealtimeline diff 2024 2025
    """
    ctx.obj = GlobalOptions(store, no_color)
    if ctx.invoked_subcommand is None:
        typer.echo(OVERVIEW, nl=False)


@app.command("list")
def list_command(
    ctx: typer.Context,
    company: CompanyOption = None,
    all_companies: AllCompaniesOption = False,
    kind: KindOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    during: DuringOption = None,
    search: SearchOption = None,
    disputed: DisputedOption = False,
    reverse: ReverseOption = False,
    limit: LimitOption = None,
    fmt: FormatOption = "rich",
    svg: SvgOption = None,
    store: StoreOption = None,
    no_color: NoColorOption = False,
) -> None:
    """The events in date order, as a timeline grouped by year.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline list --company oracle --since 2024 --kind capacity
    """
    from dealtimeline.query import Filters, resolve_companies, resolve_kinds, select
    from dealtimeline.views import ListView

    options = _options(ctx, store, no_color)
    loaded = _load(options)
    filters = Filters(
        companies=resolve_companies(loaded, company or ()),
        all_companies=all_companies,
        kinds=resolve_kinds(kind or ()),
        since=_optional_period(since, "--since"),
        until=_optional_period(until, "--until"),
        during=_optional_period(during, "--during"),
        search=search,
        disputed=disputed,
        reverse=reverse,
        limit=limit,
    )
    events = select(loaded, filters)
    if not events:
        _message("No events match these filters.")
    _emit(ListView(loaded, events, _filters_payload(filters)), fmt, svg, options)


def _filters_payload(filters: Any) -> dict[str, Any]:
    from dealtimeline import payload

    return {
        "companies": list(filters.companies),
        "all_companies": filters.all_companies,
        "kinds": list(filters.kinds),
        "since": payload.partial_date(filters.since),
        "until": payload.partial_date(filters.until),
        "during": payload.partial_date(filters.during),
        "search": filters.search,
        "disputed": filters.disputed,
        "reverse": filters.reverse,
        "limit": filters.limit,
    }


@app.command("show")
def show_command(
    ctx: typer.Context,
    event_id: Annotated[
        str | None, typer.Argument(metavar="[EVENT_ID]", help="The id of one event.")
    ] = None,
    company: Annotated[
        str | None,
        typer.Option("--company", "-c", metavar="NAME", help="A company's profile instead."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    during: DuringOption = None,
    fmt: FormatOption = "rich",
    svg: SvgOption = None,
    store: StoreOption = None,
    no_color: NoColorOption = False,
) -> None:
    """One event in full, or one company: its terms today, its totals and its events.

    Formats: rich, json, markdown, yaml (and csv for a company's events).

    Examples: dealtimeline show --company oracle --since 2025

    dealtimeline show rofr-2025
    """
    from dealtimeline.views import CompanyView, EventView

    options = _options(ctx, store, no_color)
    if (event_id is None) == (company is None):
        raise DealtimelineError.usage(
            "give an event id or --company, not both" if event_id else "nothing to show",
            "Try: dealtimeline show --company oracle, or dealtimeline show EVENT_ID",
        )
    loaded = _load(options)
    if event_id is not None:
        from dealtimeline.query import resolve_event
        from dealtimeline.state import value_before

        event = resolve_event(loaded, event_id)
        before = [value_before(loaded, event, change) for change in event.changes]
        _emit(EventView(loaded, event, before), fmt, svg, options)
        return
    from dealtimeline.aggregates import company_profile
    from dealtimeline.query import Filters, resolve_company, select

    assert company is not None
    found = resolve_company(loaded, company)
    filters = Filters(
        companies=(found.id,),
        since=_optional_period(since, "--since"),
        until=_optional_period(until, "--until"),
        during=_optional_period(during, "--during"),
    )
    limit_period = filters.until or filters.during
    as_of = min(limit_period.end, today()) if limit_period else today()
    profile = company_profile(loaded, found, select(loaded, filters), as_of)
    _emit(CompanyView(loaded, profile), fmt, svg, options)


@app.command("diff")
def diff_command(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="A", help="The earlier period, e.g. 2024.")],
    end: Annotated[
        str, typer.Argument(metavar="[B]", help="The later period (default: today).")
    ] = "today",
    unchanged: Annotated[
        bool, typer.Option("--unchanged", help="Also list the terms that held.")
    ] = False,
    fmt: FormatOption = "rich",
    svg: SvgOption = None,
    store: StoreOption = None,
    no_color: NoColorOption = False,
) -> None:
    """What changed between the end of A and the end of B, and the events in between.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline diff 2024 2025
    """
    from dealtimeline.state import diff
    from dealtimeline.views import DiffView

    options = _options(ctx, store, no_color)
    first, last = _period(start, "A"), _period(end, "B")
    loaded = _load(options)
    _emit(DiffView(loaded, diff(loaded, first, last), unchanged), fmt, svg, options)


@app.command("state")
def state_command(
    ctx: typer.Context,
    as_of: Annotated[
        str,
        typer.Option("--as-of", metavar="PERIOD", help="At the end of PERIOD (default: today)."),
    ] = "today",
    fmt: FormatOption = "rich",
    svg: SvgOption = None,
    store: StoreOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Every term and its value at a moment, with the event that set it.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline state --as-of 2025-06
    """
    from dealtimeline.state import state_table
    from dealtimeline.views import StateView

    options = _options(ctx, store, no_color)
    at = _period(as_of, "--as-of").end
    loaded = _load(options)
    _emit(StateView(loaded, at, state_table(loaded, at)), fmt, svg, options)


@app.command("companies")
def companies_command(
    ctx: typer.Context,
    fmt: FormatOption = "rich",
    svg: SvgOption = None,
    store: StoreOption = None,
    no_color: NoColorOption = False,
) -> None:
    """The companies: name, aliases, number of events, first and last date.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline companies --format csv
    """
    from dealtimeline.aggregates import company_summaries
    from dealtimeline.views import CompaniesView

    options = _options(ctx, store, no_color)
    loaded = _load(options)
    _emit(CompaniesView(loaded, company_summaries(loaded)), fmt, svg, options)


@app.command("sources")
def sources_command(
    ctx: typer.Context,
    fmt: FormatOption = "rich",
    svg: SvgOption = None,
    store: StoreOption = None,
    no_color: NoColorOption = False,
) -> None:
    """The sources: publisher, date, grade, title, and how many events cite each.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline sources --format markdown
    """
    from dealtimeline.aggregates import source_usage
    from dealtimeline.views import SourcesView

    options = _options(ctx, store, no_color)
    loaded = _load(options)
    _emit(SourcesView(source_usage(loaded)), fmt, svg, options)


@app.command("validate")
def validate_command(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]", help="The store to check (default: the one in use)."),
    ] = None,
    archive: Annotated[
        Path | None,
        typer.Option(
            "--archive", metavar="DIR", help="Check each quote against its source's archive file."
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Check a store against the format, and with --archive every archived quote.

    Example: dealtimeline validate events.yaml --archive ../shared/seeds
    """
    from dealtimeline.loader import load_store
    from dealtimeline.locate import store_path

    options = _options(ctx, store, False)
    loaded = load_store(path if path is not None else store_path(options.store))
    if archive is not None:
        from dealtimeline.quotes import check_quotes

        if not archive.is_dir():
            raise DealtimelineError.failure(
                "the archive folder does not exist",
                "give the folder that holds the files",
                str(archive),
            )
        problems = check_quotes(loaded, archive)
        if problems:
            raise DealtimelineError(problems)
    typer.echo(
        f"OK: {len(loaded.events)} events, {len(loaded.companies)} companies, "
        f"{len(loaded.sources)} sources, {len(loaded.terms)} terms"
        + (", every archived quote found" if archive is not None else "")
    )


def report(error: DealtimelineError) -> None:
    """Write a DealtimelineError to stderr: problems with a place as FILE:LINE:COLUMN lines."""
    from dealtimeline.sanitize import visible

    placed = [p for p in error.problems if p.line is not None]
    if placed:
        for problem in error.problems:
            sys.stderr.write(visible(str(problem)) + "\n")
        files = sorted({p.file for p in placed if p.file})
        count = len(error.problems)
        where = ", ".join(files) if files else "the store"
        sys.stderr.write(f"Error: {visible(where)}: {count} problem{'s' if count > 1 else ''}\n")
        return
    for problem in error.problems:
        bare = Problem(problem.message, "", problem.file)
        sys.stderr.write(f"Error: {visible(str(bare))}\n")
        if problem.fix:
            sys.stderr.write(visible(problem.fix) + "\n")


def main() -> None:
    """The console script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)


def _usage(error: typer.TyperException) -> None:
    from dealtimeline.sanitize import visible

    message = visible(error.format_message())
    sys.stderr.write(f"Error: {message}\n")
    context = getattr(error, "ctx", None)
    if context is not None:
        sys.stderr.write(f"See: {context.command_path} --help\n")
