"""The app, its shared options, and the one place that turns failures into messages.

Every user-facing failure is a DealtimelineError; `_Group.main` writes it as `Error: ...`
(or as FILE:LINE:COLUMN lines) and returns its exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from dealtimeline.cli import completion
from dealtimeline.core.dates import PERIOD_FORMS, PartialDate, parse_period, today
from dealtimeline.core.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    DealtimelineError,
    Problem,
)
from dealtimeline.core.model import KINDS, Event, Store

if TYPE_CHECKING:
    from dealtimeline.core.query import Filters
    from dealtimeline.views.reading import View


COMMAND_ORDER = (
    "list",
    "show",
    "diff",
    "state",
    "chart",
    "companies",
    "sources",
    "audit",
    "export",
    "validate",
    "init",
    "add",
)


class _Group(TyperGroup):
    """The app's group: every known failure becomes `Error: ...` and its exit code here,
    for the console script and for tests driving the app alike."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        """The commands in the order a newcomer meets them, reading before writing."""
        known = super().list_commands(ctx)
        return sorted(
            known, key=lambda n: (COMMAND_ORDER.index(n) if n in COMMAND_ORDER else 99, n)
        )

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _open_closed_streams()
        try:
            result = super().main(
                args, prog_name or "dealtimeline", complete_var, standalone_mode=False, **extra
            )
            sys.stdout.flush()
        except DealtimelineError as error:
            report(error)
            result = error.exit_code
        except typer.TyperException as error:
            _usage(error)
            result = getattr(error, "exit_code", EXIT_USAGE)
        except (typer.Abort, KeyboardInterrupt):
            result = EXIT_INTERRUPTED
        except OSError as error:
            if error.filename is not None:
                raise
            # A write to stdout failed (a full disk, /dev/full): say so once, and send what
            # is still buffered to /dev/null so that the flush at exit cannot fail again.
            silence_stdout()
            report(DealtimelineError.failure(f"cannot write the output: {error.strerror}"))
            result = EXIT_FAILURE
        code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _open_closed_streams() -> None:
    """A standard stream the caller closed (`<&-`, `>&-`) is None in Python: it becomes
    /dev/null, so that a closed stdin reads as empty (not a terminal) instead of crashing."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


app = typer.Typer(
    cls=_Group,
    name="dealtimeline",
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
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
        "--company",
        "-c",
        metavar="NAME",
        help="An id, name or alias, any case; repeatable.",
        autocompletion=completion.companies,
    ),
]
AllCompaniesOption = Annotated[
    bool, typer.Option("--all-companies", help="Only events with all the --company given.")
]
KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Repeatable: " + ", ".join(KINDS) + ".",
        autocompletion=completion.kinds,
    ),
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
    no_cache: bool = False


def global_options(ctx: typer.Context, store: Path | None, no_color: bool) -> GlobalOptions:
    """Options given after the command win over the same ones given before it."""
    root = ctx.find_root().obj
    before = root if isinstance(root, GlobalOptions) else GlobalOptions(None, False)
    return GlobalOptions(store or before.store, no_color or before.no_color, before.no_cache)


def load_store_for(options: GlobalOptions) -> Store:
    from dealtimeline.store import cache
    from dealtimeline.store.locate import store_path

    return cache.load(store_path(options.store), cache.cache_enabled(options.no_cache))


def period(text: str, option: str) -> PartialDate:
    try:
        return parse_period(text, today())
    except ValueError as error:
        raise DealtimelineError.usage(
            f"{error} ({option})", PERIOD_FORMS[0].upper() + PERIOD_FORMS[1:]
        ) from None


def optional_period(text: str | None, option: str) -> PartialDate | None:
    return None if text is None else period(text, option)


def filtered_events(
    store: Store,
    *,
    company: list[str] | None,
    all_companies: bool,
    kind: list[str] | None,
    since: str | None,
    until: str | None,
    during: str | None,
    search: str | None,
    disputed: bool,
    reverse: bool,
    limit: int | None,
) -> tuple[Filters, list[Event]]:
    """The filters from the options `list`, `chart`, `audit` and `export` share, and the
    events they keep; a filter that keeps nothing is said on stderr (not an error)."""
    from dealtimeline.core.query import Filters, resolve_companies, resolve_kinds, select

    filters = Filters(
        companies=resolve_companies(store, company or ()),
        all_companies=all_companies,
        kinds=resolve_kinds(kind or ()),
        since=optional_period(since, "--since"),
        until=optional_period(until, "--until"),
        during=optional_period(during, "--during"),
        search=search,
        disputed=disputed,
        reverse=reverse,
        limit=limit,
    )
    events = select(store, filters)
    if not events:
        message("No events match these filters.")
    return filters, events


def emit(view: View, fmt: str, svg: Path | None, options: GlobalOptions) -> None:
    """Write the view to stdout in the chosen format, and as an SVG picture when asked."""
    fmt = fmt.strip().lower()
    if fmt not in view.formats:
        raise DealtimelineError.usage(
            f"no format '{fmt}' here", "Formats for this command: " + ", ".join(view.formats)
        )
    try:
        if fmt == "rich":
            from dealtimeline.render.console import colour_wanted, print_renderables

            colour = colour_wanted(options.no_color, sys.stdout)
            print_renderables(view.renderables(colour), colour)
        else:
            view.write(fmt, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        raise typer.Exit(0) from None
    if svg is not None:
        from dealtimeline.render.console import save_svg

        save_svg(view.renderables(True), svg, f"dealtimeline: {view.title}")
        message(f"Saved the picture to {svg}")


def silence_stdout() -> None:
    """After the reader of a pipe has gone, send what is left to /dev/null and stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def message(text: str) -> None:
    from dealtimeline.core.sanitize import visible

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

Read: list, show, diff, state, chart, companies, sources, audit.
Also: export, validate, init, add.   Help on one: dealtimeline COMMAND --help
"""


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    store: StoreOption = None,
    no_color: NoColorOption = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Parse the store even when a cached copy is fresh (also DEALTIMELINE_NO_CACHE=1).",
        ),
    ] = False,
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
    ctx.obj = GlobalOptions(store, no_color, no_cache)
    if ctx.invoked_subcommand is None:
        typer.echo(OVERVIEW, nl=False)


def report(error: DealtimelineError) -> None:
    """Write a DealtimelineError to stderr: problems with a place as FILE:LINE:COLUMN lines."""
    from dealtimeline.core.sanitize import visible

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


def _usage(error: typer.TyperException) -> None:
    from dealtimeline.core.sanitize import visible

    message = visible(error.format_message())
    sys.stderr.write(f"Error: {message}\n")
    context = getattr(error, "ctx", None)
    if context is not None:
        sys.stderr.write(f"See: {context.command_path} --help\n")
