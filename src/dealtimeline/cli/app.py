"""The app, and the one place that turns failures into messages and exit statuses.

Every user-facing failure is a DealtimelineError; `_Group.main` writes it as `Error: ...`
(or as FILE:LINE:COLUMN lines) and returns its exit status. Ctrl-C and a closed pipe end
there too, and nowhere else.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from dealtimeline.cli.options import NoColorOption, NoPagerOption, StoreOption
from dealtimeline.core.errors import DealtimelineError, ExitStatus, Problem

if TYPE_CHECKING:
    from dealtimeline.cli.options import Output, Selection
    from dealtimeline.core.model import Event, Store
    from dealtimeline.core.query import Filters
    from dealtimeline.views.base import View


# Each command, in the order a newcomer meets them (reading before writing), with the
# module of `dealtimeline.cli` that declares it: a module is imported, and its commands
# built, only when one of them runs (or when help lists them all).
COMMANDS = {
    "list": "listing",
    "show": "reading",
    "diff": "reading",
    "state": "reading",
    "terms": "history",
    "history": "history",
    "chart": "reading",
    "deals": "money",
    "totals": "money",
    "companies": "reading",
    "sources": "sources",
    "open": "citing",
    "cite": "citing",
    "audit": "auditing",
    "explore": "exploring",
    "export": "exporting",
    "validate": "reading",
    "init": "writing",
    "add": "writing",
    "add-source": "sources",
}
COMMAND_ORDER = tuple(COMMANDS)


class _ReaderGone(Exception):
    """The reader of stdout has gone (`| head`): carried past typer, which would exit 1 on
    a broken pipe, to `_Group.main`."""


class _Group(TyperGroup):
    """The app's group: every known failure becomes `Error: ...` and its exit status here,
    for the console script and for tests driving the app alike."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        """The commands in the order a newcomer meets them, reading before writing."""
        for name in COMMANDS:
            self._declare(name)
        known = super().list_commands(ctx)
        return sorted(
            known, key=lambda n: (COMMAND_ORDER.index(n) if n in COMMAND_ORDER else 99, n)
        )

    def get_command(self, ctx: typer.Context, name: str) -> Any:  # type: ignore[override]
        """The command `name`, its module imported and its commands built on first use."""
        if name in COMMANDS:
            self._declare(name)
        return super().get_command(ctx, name)

    def _declare(self, name: str) -> None:
        """Build the command `name` once, importing the module that registers it on the
        app: typer built the group before any command was registered."""
        if name in self.commands:
            return
        import importlib

        importlib.import_module(f"dealtimeline.cli.{COMMANDS[name]}")
        for info in app.registered_commands:
            if info.name == name:
                self.add_command(
                    typer.main.get_command_from_info(
                        info,
                        pretty_exceptions_short=app.pretty_exceptions_short,
                        rich_markup_mode=app.rich_markup_mode,
                    )
                )
        for group in app.registered_groups:  # a command with commands of its own
            if group.name == name:
                self.add_command(
                    typer.main.get_group_from_info(
                        group,
                        pretty_exceptions_short=app.pretty_exceptions_short,
                        suggest_commands=True,
                        rich_markup_mode=app.rich_markup_mode,
                    ),
                    name,
                )

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except BrokenPipeError as error:
            raise _ReaderGone from error

    def _main_shell_completion(self, *args: Any, **kwargs: Any) -> None:
        from dealtimeline.cli.completion import use_safe_shells

        use_safe_shells()
        super()._main_shell_completion(*args, **kwargs)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _open_closed_streams()
        _tolerant_streams()
        from dealtimeline.cli.options import optional_values

        args = optional_values(list(sys.argv[1:] if args is None else args))
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
            result = getattr(error, "exit_code", ExitStatus.USAGE)
        except (typer.Abort, KeyboardInterrupt):
            result = ExitStatus.INTERRUPTED
        except (_ReaderGone, BrokenPipeError):
            silence_stdout()
            result = ExitStatus.SUCCESS
        except OSError as error:
            if error.filename is not None:
                raise
            # A write to stdout failed (a full disk, /dev/full): say so once, and send what
            # is still buffered to /dev/null so that the flush at exit cannot fail again.
            silence_stdout()
            report(DealtimelineError.failure(f"cannot write the output: {error.strerror}"))
            result = ExitStatus.FAILURE
        code = int(result) if isinstance(result, int) else ExitStatus.SUCCESS
        if standalone_mode:
            sys.exit(code)
        return code


def _open_closed_streams() -> None:
    """A standard stream the caller closed (`<&-`, `>&-`) is None in Python: it becomes
    /dev/null, so that a closed stdin reads as empty (not a terminal) instead of crashing."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


def _tolerant_streams() -> None:
    """On an output that is not UTF-8 (PYTHONIOENCODING=ascii, LC_ALL=C), a character it
    cannot encode is written as `?` on stdout and as an escape on stderr, never an error."""
    for name, errors in (("stdout", "replace"), ("stderr", "backslashreplace")):
        stream = getattr(sys, name)
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=errors)


app = typer.Typer(
    cls=_Group,
    name="dealtimeline",
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass(frozen=True, repr=False, eq=False)
class GlobalOptions:
    """The options every command takes, given before the command or after it."""

    store: Path | None
    no_color: bool
    no_cache: bool = False
    no_pager: bool = False


def global_options(
    ctx: typer.Context, store: Path | None, no_color: bool, no_pager: bool = False
) -> GlobalOptions:
    """Options given after the command win over the same ones given before it."""
    root = ctx.find_root().obj
    before = root if isinstance(root, GlobalOptions) else GlobalOptions(None, False)
    return GlobalOptions(
        store or before.store,
        no_color or before.no_color,
        before.no_cache,
        no_pager or before.no_pager,
    )


def load_store_for(options: GlobalOptions) -> Store:
    from dealtimeline.store import cache
    from dealtimeline.store.locate import store_path

    return cache.load(store_path(options.store), cache.cache_enabled(options.no_cache))


def open_store(ctx: typer.Context, output: Output) -> tuple[GlobalOptions, Store]:
    """The global options, the command's own winning, and the store they name, loaded."""
    options = global_options(ctx, output.store, output.no_color, output.no_pager)
    return options, load_store_for(options)


def filtered_events(
    store: Store, selection: Selection, quiet: bool = False
) -> tuple[Store, Filters, list[Event]]:
    """The store through the selection's lenses (--known-at, --confirmed), the filters
    from the options `list`, `chart`, `audit` and `export` share, and the events they
    keep; a filter that keeps nothing is said on stderr (not an error), unless `quiet`."""
    from dealtimeline.core.query import select

    store = selection.lens().narrow(store)
    filters = selection.filters(store)
    events = select(store, filters)
    if not events and not quiet:
        message("No events match these filters.")
    return store, filters, events


def emit(view: View, output: Output, options: GlobalOptions) -> None:
    """Write the view to stdout in the chosen format (on a terminal, through the pager
    when it is taller than the screen), and as an SVG picture when asked."""
    import io

    from dealtimeline.cli.pager import page, wants_pager

    fmt = output.fmt.strip().lower()
    if fmt not in view.formats:
        raise DealtimelineError.usage(
            f"no format '{fmt}' here", "Formats for this command: " + ", ".join(view.formats)
        )
    paged = wants_pager(options.no_pager)
    buffer = io.StringIO()
    stream = buffer if paged else sys.stdout  # piped, it streams as it comes
    if fmt == "rich":
        from dealtimeline.render.console import colour_wanted, print_renderables

        colour = colour_wanted(options.no_color, sys.stdout)
        print_renderables(view.renderables(colour), colour, stream)
    else:
        view.write(fmt, stream)
    if paged:
        page(buffer.getvalue())
    sys.stdout.flush()
    if output.svg is not None:
        from dealtimeline.render.console import save_svg

        save_svg(view.renderables(True), output.svg, f"dealtimeline: {view.title}")
        from dealtimeline.core.sanitize import visible_path

        message(f"Saved the picture to {visible_path(str(output.svg))}")


def silence_stdout() -> None:
    """After the reader of a pipe has gone, send what is left to /dev/null and stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def message(text: str) -> None:
    from dealtimeline.core.sanitize import visible

    sys.stderr.write(visible(text) + "\n")


def confirm(text: str) -> None:
    """Say on stdout what a command has done, once it is done: a stdout that cannot take it
    (a closed pipe, a full disk) is at most a warning on stderr, never an exit status that
    says the command failed (a retry would then do it twice)."""
    try:
        typer.echo(text)
    except OSError as error:
        with contextlib.suppress(OSError, ValueError):
            silence_stdout()
            if not isinstance(error, BrokenPipeError):
                reason = error.strerror or str(error)
                message(f"Warning: done, but this could not be said on stdout: {reason}")


def mention_stale_temporaries(path: Path) -> None:
    """Remove the temporary files that writers killed mid-write left beside the store, and
    say so on stderr."""
    from dealtimeline.store.atomic import remove_stale_temporaries

    for leftover, pid in remove_stale_temporaries(path):
        message(f"Removed {leftover}, left by a writer that was stopped mid-write (pid {pid})")


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

Read: list, show, diff, state, terms, history, chart, companies, sources, audit.
Sources: open, cite.   Also: explore, export, validate, init, add, add-source.
Help on one: dealtimeline COMMAND --help
"""


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    store: StoreOption = None,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
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
    ctx.obj = GlobalOptions(store, no_color, no_cache, no_pager)
    if ctx.invoked_subcommand is None:
        typer.echo(OVERVIEW, nl=False)


def report(error: DealtimelineError) -> None:
    """Write a DealtimelineError to stderr: problems with a place as FILE:LINE:COLUMN lines."""
    from dealtimeline.core.sanitize import visible, visible_path
    from dealtimeline.core.values import plural

    placed = [p for p in error.problems if p.line is not None]
    if placed:
        for problem in error.problems:  # one line each, whatever the path holds
            sys.stderr.write(visible_path(str(problem)) + "\n")
        files = sorted({visible_path(p.file) for p in placed if p.file})
        count = len(error.problems)
        where = ", ".join(files) if files else "the store"
        sys.stderr.write(f"Error: {visible(where)}: {plural(count, 'problem')}\n")
        return
    for problem in error.problems:
        file = None if problem.file is None else visible_path(problem.file)
        bare = Problem(problem.message, "", file)
        sys.stderr.write(f"Error: {visible(str(bare))}\n")
        if problem.fix:
            sys.stderr.write(visible(problem.fix) + "\n")


def _usage(error: typer.TyperException) -> None:
    from dealtimeline.core.sanitize import visible

    message = visible(error.format_message())
    sys.stderr.write(f"Error: {message}\n")
    context = getattr(error, "ctx", None)
    option = getattr(error, "option_name", None)
    if context is not None and isinstance(option, str) and option.startswith("--"):
        elsewhere = _taking(context, option)
        if elsewhere:
            said = ", ".join(elsewhere[:-1]) + " and " * (len(elsewhere) > 1) + elsewhere[-1]
            sys.stderr.write(f"{visible(option)} is an option of {said}\n")
    if context is not None:
        sys.stderr.write(f"See: {context.command_path} --help\n")


def _taking(context: typer.Context, option: str) -> list[str]:
    """The commands that take `option`, for an error naming an option this one does not."""
    root = context.find_root()
    group = root.command
    if not isinstance(group, TyperGroup):
        return []
    found = []
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        if any(option in getattr(p, "opts", ()) for p in getattr(command, "params", ())):
            found.append(name)
    return found
