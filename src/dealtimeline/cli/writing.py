"""The writing commands: `init` makes a store of one's own, `add` appends an event to it."""

from __future__ import annotations

import dataclasses
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dealtimeline.cli import completion
from dealtimeline.cli.app import (
    app,
    confirm,
    global_options,
    mention_stale_temporaries,
    message,
)
from dealtimeline.cli.command_options import DryRunOption
from dealtimeline.cli.options import (
    CompanyOption,
    OptionGroup,
    Target,
    option_groups,
)
from dealtimeline.core.dates import STORE_DATE_FORMS, PartialDate
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import KINDS, STATUSES, Amount, Change, Citation
from dealtimeline.core.sanitize import visible_path

if TYPE_CHECKING:
    from dealtimeline.store.writer import NewEvent

_SURROGATES = re.compile("[\ud800-\udfff]")
# The fields an event cannot do without, with the question asked for each in a terminal.
_REQUIRED = {
    "--date": "Date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "--title": "Title",
    "--kind": "Kind (" + ", ".join(KINDS) + ")",
    "--company": "Companies (ids, names or aliases, separated by commas)",
    "--source": "Source id",
    "--quote": "Quote (the source's words, verbatim)",
}


@app.command("init")
def init_command(
    path: Annotated[
        Path,
        typer.Argument(metavar="[PATH]", help="Where to put the copy: a file, or a folder."),
    ] = Path("events.yaml"),
) -> None:
    """Copy the bundled store to PATH, to edit; never overwrites.

    The copy is yours to grow with 'dealtimeline add' and to read with --store.

    Example: dealtimeline init deals.yaml
    """
    from dealtimeline.store.writer import init_store

    written = init_store(path)
    shown = visible_path(shlex.quote(str(written)))
    confirm(
        f"Created {visible_path(str(written))}, a copy of the bundled store.\n"
        "Use it with --store, or set DEALTIMELINE_STORE for every command:\n"
        f"  dealtimeline list --store {shown}\n"
        f"  export DEALTIMELINE_STORE={visible_path(shlex.quote(str(written.resolve())))}\n"
        f"Add an event: dealtimeline add --store {shown}"
    )


Text = str | None


def _text(flag: str, metavar: str, help_: str) -> Any:
    """An option of one piece of text."""
    return typer.Option(flag, metavar=metavar, help=help_)


def _terms(flag: str, help_: str) -> Any:
    """A repeatable option of term ids, completed from the store."""
    return typer.Option(flag, metavar="TERM", help=help_, autocompletion=completion.terms)


@dataclasses.dataclass(frozen=True, repr=False)
class EventOptions(OptionGroup):
    """The event `add` appends, as typed: every field optional until asked for."""

    event_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="A slug (default: from the title and year)."),
    ] = None
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="2024, 2024-06 or 2024-06-11.")
    ] = None
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="What happened, in a line.")
    ] = None
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="One of: " + ", ".join(KINDS),
            autocompletion=completion.kinds,
        ),
    ] = None
    company: CompanyOption = None
    summary: Annotated[Text, _text("--summary", "TEXT", "In the store's own words.")] = None
    status: Annotated[Text, _text("--status", "STATUS", "official (default) or reported.")] = None
    amount: Annotated[Text, _text("--amount", "NUMBER", "Such as 300000000000 or 300B.")] = None
    currency: Annotated[
        Text, _text("--currency", "CODE", "ISO 4217, with --amount (default USD).")
    ] = None
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ID",
            help="The id of a source in the store.",
            autocompletion=completion.sources,
        ),
    ] = None
    quote: Annotated[
        str | None, typer.Option("--quote", metavar="TEXT", help="The source's words, verbatim.")
    ] = None
    term: Annotated[list[str] | None, _terms("--term", "A term the event sets; repeatable.")] = None
    value: Annotated[
        list[str] | None,
        typer.Option("--value", metavar="TEXT", help="Its new value, one per --term, in order."),
    ] = None
    ends: Annotated[list[str] | None, _terms("--ends", "A term the event empties; repeatable.")] = (
        None
    )


@app.command("add")
@option_groups
def add_command(
    ctx: typer.Context,
    typed: EventOptions,
    dry_run: DryRunOption = False,
    *,
    target: Target,
) -> None:
    """Append one event to your own store, checked first.

    The event is checked against the whole store before anything is written. Asks for
    what is missing when run in a terminal. Never writes to the bundled store: make your
    own with 'dealtimeline init'.

    \b
    Example: dealtimeline add --store deals.yaml --date 2026-11 --kind capacity
      --title "A new Stargate site" -c oracle -c openai --source heise-2025-01-22
      --quote "OpenAI may now also use cloud providers other than Microsoft"
    """
    from dealtimeline.store.locate import store_path
    from dealtimeline.store.writer import add_event, preview, refuse_bundled

    path = store_path(global_options(ctx, target.store, target.no_color).store)
    refuse_bundled(path)
    _refuse_undecodable(ctx)
    new = _new_event(typed)
    if dry_run:
        sys.stdout.write(preview(path, new).fragment)
        message(f"Dry run: nothing was written to {visible_path(str(path))}")
        return
    mention_stale_temporaries(path)
    added = add_event(path, new)
    confirm(f"Added event '{added.event_id}' to {visible_path(str(path))}")


def _new_event(typed: EventOptions) -> NewEvent:
    """The event to add: the required fields asked for when missing, each field checked."""
    from dealtimeline.store.writer import NewEvent

    given = _complete(
        {
            "--date": typed.date,
            "--title": typed.title,
            "--kind": typed.kind,
            "--company": ", ".join(typed.company or ()),
            "--source": typed.source,
            "--quote": typed.quote,
        }
    )
    return NewEvent(
        date=_date(given["--date"]),
        title=given["--title"],
        kind=_kind(given["--kind"]),
        companies=tuple(name.strip() for name in given["--company"].split(",") if name.strip()),
        citation=Citation(given["--source"].strip(), given["--quote"]),
        id=typed.event_id,
        summary=typed.summary or None,
        status=_status(typed.status),
        amount=_amount(typed.amount, typed.currency),
        changes=_changes(typed.term or [], typed.value or [], typed.ends or []),
    )


def _refuse_undecodable(ctx: typer.Context) -> None:
    """Arguments that were not UTF-8 reach Python as lone surrogates: refuse them by name."""
    for parameter in ctx.command.params:
        value = ctx.params.get(parameter.name or "")
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and _SURROGATES.search(text):
                raise DealtimelineError.usage(
                    f"{parameter.opts[0]} is not UTF-8 text", "type it again as UTF-8"
                )


def _interactive() -> bool:
    return sys.stdin.isatty()


def _complete(given: dict[str, str | None]) -> dict[str, str]:
    """The required fields, asking for the missing ones in a terminal; a usage error
    naming them all otherwise."""
    missing = [option for option, text in given.items() if not (text and text.strip())]
    if missing and not _interactive():
        raise DealtimelineError.usage(
            "missing " + ", ".join(missing),
            "give them as options, or run 'dealtimeline add' in a terminal to be asked",
        )
    return {
        option: typer.prompt(_REQUIRED[option]) if option in missing else str(text)
        for option, text in given.items()
    }


def _date(text: str) -> PartialDate:
    from dealtimeline.core.dates import parse_store_date

    try:
        return parse_store_date(text)
    except ValueError as error:
        raise DealtimelineError.usage(f"{error} (--date)", f"write {STORE_DATE_FORMS}") from None


def _kind(text: str) -> str:
    from dealtimeline.core.query import resolve_kinds

    return resolve_kinds([text])[0]


def _status(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = text.strip().lower()
    if cleaned not in STATUSES:
        raise DealtimelineError.usage(
            f"no status '{text}' (--status)", "Statuses: " + ", ".join(STATUSES)
        )
    return cleaned


def _amount(number: str | None, currency: str | None) -> Amount | None:
    from dealtimeline.store.writer import parse_amount

    if number is None:
        if currency is not None:
            raise DealtimelineError.usage("--currency needs --amount", "give both, or neither")
        return None
    try:
        value = parse_amount(number)
    except ValueError as error:
        raise DealtimelineError.usage(
            f"{error} (--amount)", "write a number such as 300000000000, 300B or 1.5bn"
        ) from None
    return Amount(value, (currency or "USD").strip().upper())


def _changes(terms: list[str], values: list[str], ends: list[str]) -> tuple[Change, ...]:
    if len(terms) != len(values):
        raise DealtimelineError.usage(
            f"{len(terms)} --term but {len(values)} --value",
            "give each --term its --value, in order; --ends TERM empties a term",
        )
    changed = [Change(term.strip(), text) for term, text in zip(terms, values, strict=True)]
    return tuple(changed + [Change(term.strip(), None) for term in ends])
