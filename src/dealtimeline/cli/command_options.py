"""Options that one command group takes (showing, checking sources, adding, totals, diff),
each declared once here so that no command writes one out in its signature."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import typer

from dealtimeline.cli import completion
from dealtimeline.cli.options import Output, format_option
from dealtimeline.views.formats import CHECK_FORMATS, EVENT_FORMATS


def _repeatable(flag: str, metavar: str, help_: str, **more: Any) -> Any:
    """An option given once per value: `--allow-host a --allow-host b`."""
    return typer.Option(flag, metavar=metavar, help=f"{help_}; repeatable.", **more)


_PRIVATE = "Admit this host even at a private or loopback address"
AllowHostOption = Annotated[list[str] | None, _repeatable("--allow-host", "HOST", _PRIVATE)]
TimeoutOption = Annotated[
    float,
    typer.Option("--timeout", metavar="SECONDS", min=0.1, help="For each page, all of it."),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the YAML it would add, and write nothing.")
]
SourceIdOption = Annotated[
    list[str] | None,
    _repeatable("--source", "ID", "Only this source", autocompletion=completion.sources),
]
ExplainOption = Annotated[
    bool, typer.Option("--explain", help="Under each total, the deals and events it sums.")
]
_CHART = "Commitments and capacity per line over time (with --svg: a picture)."
TotalsChartOption = Annotated[bool, typer.Option("--chart", help=_CHART)]
UnchangedOption = Annotated[
    bool, typer.Option("--unchanged", help="Also list the terms that held.")
]
_KNOWN = "What the public learned between A and B, whatever the events' dates."
KnownOption = Annotated[bool, typer.Option("--known", help=_KNOWN)]
EventArgument = Annotated[
    str,
    typer.Argument(
        metavar="EVENT_ID", help="The id of one event.", autocompletion=completion.events
    ),
]
SourceNumberArgument = Annotated[
    int | None,
    typer.Argument(
        metavar="N",
        min=1,
        help="The source numbered N in 'dealtimeline show EVENT_ID' (default: the best, "
        "as cite chooses it).",
        show_default=False,
    ),
]
CiteFormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="plain (default), markdown or bibtex.",
        autocompletion=completion.cite_formats,
    ),
]
ShowDealOption = Annotated[
    str | None,
    typer.Option(
        "--deal", metavar="DEAL", help="A deal's story instead.", autocompletion=completion.deals
    ),
]
SourceSortOption = Annotated[
    str | None,
    typer.Option(
        "--sort",
        metavar="ORDER",
        help="publisher (A to Z), published (oldest first) or grade (primary, press, copy).",
    ),
]


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class ShowOutput(Output):
    """`show`'s output: an event has no CSV form; a company's or a deal's events have."""

    fmt: Annotated[str, format_option(EVENT_FORMATS, "; csv too for --company, --deal")] = "rich"


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class CheckOutput(Output):
    """`sources check`'s output: a report, with no YAML form."""

    fmt: Annotated[str, format_option(CHECK_FORMATS)] = "rich"
