"""Every option the commands share, declared once, and the groups they come in.

A command takes a group as one parameter (`selection: Selection`, `output: Output`);
`option_groups` spreads the group's fields into the command's options, in place and in
order, and hands the command the group back as one value.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, get_type_hints

import typer

from dealtimeline.cli import completion
from dealtimeline.cli.values import (
    amount_range,
    aspect,
    optional_period,
    period,
    period_range,
    quantity,
    sort_order,
)
from dealtimeline.core.model import KINDS, MEASURES
from dealtimeline.views.formats import ALL_FORMATS

if TYPE_CHECKING:
    from dealtimeline.core.model import Store
    from dealtimeline.core.query import Filters

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="PATH",
        help="The store to read; else $DEALTIMELINE_STORE; else the bundled events.yaml.",
        show_default=False,
        # The reader checks the file and says what is wrong with exit 1, as it does for
        # $DEALTIMELINE_STORE; click's own check would exit 2.
        readable=False,
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Plain text (also with NO_COLOR, or when piped).")
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Never through a pager ($DEALTIMELINE_PAGER, $PAGER or less -FRX), even when "
        "the output is taller than the terminal.",
    ),
]


def format_option(formats: tuple[str, ...], more: str = "") -> Any:
    """`--format`, its help listing `formats` (the first the default), and `more`."""
    listed = f"{formats[0]} (default), " + ", ".join(formats[1:-1]) + f" or {formats[-1]}"
    return typer.Option("--format", "-f", metavar="FORMAT", help=f"{listed}{more}.")


FormatOption = Annotated[str, format_option(ALL_FORMATS)]
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
        "--search",
        "-s",
        metavar="TEXT",
        help="Any case or accent, in titles, summaries, quotes, publishers and source titles.",
    ),
]
DisputedOption = Annotated[
    str | None,
    typer.Option(
        "--disputed",
        metavar="[ASPECT]",
        help="Only disputed events; with an ASPECT (date, amount, parties, terms, occurred "
        "or happened), "
        "only those disputed on it.",
        autocompletion=completion.aspects,
    ),
]
ConfirmedOption = Annotated[
    bool,
    typer.Option("--confirmed", help="Only official events that no source disputes."),
]
KnownAtOption = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        metavar="DATE",
        help="Only what had been published by the end of DATE (events, citations).",
    ),
]
DealOption = Annotated[
    list[str] | None,
    typer.Option(
        "--deal",
        metavar="DEAL",
        help="Only the events of this deal (an id from 'dealtimeline deals'); repeatable.",
        autocompletion=completion.deals,
    ),
]
MeasureOption = Annotated[
    list[str] | None,
    typer.Option(
        "--measure",
        metavar="MEASURE",
        help=f"Only amounts that measure this; repeatable: {', '.join(MEASURES)}.",
        autocompletion=completion.measures,
    ),
]
MinAmountOption = Annotated[
    str | None,
    typer.Option("--min-amount", metavar="AMOUNT", help="Only amounts of at least AMOUNT (10B)."),
]
MaxAmountOption = Annotated[
    str | None,
    typer.Option("--max-amount", metavar="AMOUNT", help="Only amounts of at most AMOUNT."),
]
MinCapacityOption = Annotated[
    str | None,
    typer.Option(
        "--min-capacity", metavar="CAPACITY", help="Only capacities of at least CAPACITY (1GW)."
    ),
]
_ORDERS = "date (oldest first), amount or capacity (largest first)."
SortOption = Annotated[
    str,
    typer.Option("--sort", metavar="ORDER", help=_ORDERS, autocompletion=completion.sorts),
]
ReverseOption = Annotated[
    bool, typer.Option("--reverse", help="The other way round (newest first).")
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", metavar="N", min=0, help="At most N events.")
]


class OptionGroup:
    """A dataclass of options that `option_groups` spreads into a command's signature."""


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Output(OptionGroup):
    """How a view is written: `--format`, `--svg`, and the global `--store`, `--no-color`,
    `--no-pager`."""

    fmt: FormatOption = "rich"
    svg: SvgOption = None
    store: StoreOption = None
    no_color: NoColorOption = False
    no_pager: NoPagerOption = False


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Target(OptionGroup):
    """The global `--store` and `--no-color`, for the commands that write no view."""

    store: StoreOption = None
    no_color: NoColorOption = False


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Selection(OptionGroup):
    """Which events: the filters `chart` takes."""

    company: CompanyOption = None
    all_companies: AllCompaniesOption = False
    kind: KindOption = None
    since: SinceOption = None
    until: UntilOption = None
    during: DuringOption = None
    search: SearchOption = None
    disputed: DisputedOption = None
    confirmed: ConfirmedOption = False
    known_at: KnownAtOption = None
    deal: DealOption = None
    measure: MeasureOption = None
    min_amount: MinAmountOption = None
    max_amount: MaxAmountOption = None
    min_capacity: MinCapacityOption = None

    def lens(self) -> Lens:
        return Lens(self.confirmed, self.known_at)

    def filters(self, store: Store) -> Filters:
        """The core's filters, company and kind names resolved in the store."""
        from dealtimeline.cli.names import company
        from dealtimeline.core.query import Filters, resolve_deal, resolve_kinds, resolve_measures

        reverse, limit, sort = self.order()
        since, until = period_range(self.since, self.until)
        least, most = amount_range(self.min_amount, self.max_amount)
        return Filters(
            companies=tuple(dict.fromkeys(company(store, n).id for n in self.company or ())),
            all_companies=self.all_companies,
            kinds=resolve_kinds(self.kind or ()),
            since=since,
            until=until,
            during=optional_period(self.during, "--during"),
            search=self.search,
            disputed=aspect(self.disputed),
            reverse=reverse,
            limit=limit,
            deals=tuple(dict.fromkeys(resolve_deal(store, d).id for d in self.deal or ())),
            measures=resolve_measures(self.measure or ()),
            min_amount=least,
            max_amount=most,
            min_capacity=quantity(self.min_capacity, "--min-capacity", True),
            sort=sort,
        )

    def order(self) -> tuple[bool, int | None, str]:
        """Newest first?, at most how many, and by what: none of them here."""
        return False, None, "date"


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class OrderedSelection(Selection):
    """Which events, and in what order and number: the filters `list`, `audit` and
    `export` take."""

    sort: SortOption = "date"
    reverse: ReverseOption = False
    limit: LimitOption = None

    def order(self) -> tuple[bool, int | None, str]:
        return self.reverse, self.limit, sort_order(self.sort)


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Amounts(OptionGroup):
    """The filters and order on amounts and capacity alone: those `show --company` takes
    for its events (list takes them with its other filters)."""

    measure: MeasureOption = None
    min_amount: MinAmountOption = None
    max_amount: MaxAmountOption = None
    min_capacity: MinCapacityOption = None
    sort: SortOption = "date"
    reverse: ReverseOption = False

    def narrow(self, filters: Filters) -> Filters:
        """`filters` with these amounts, measures and order."""
        from dealtimeline.core.query import resolve_measures

        least, most = amount_range(self.min_amount, self.max_amount)
        return dataclasses.replace(
            filters,
            measures=resolve_measures(self.measure or ()),
            min_amount=least,
            max_amount=most,
            min_capacity=quantity(self.min_capacity, "--min-capacity", True),
            sort=sort_order(self.sort),
            reverse=self.reverse,
        )


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Lens(OptionGroup):
    """How the store is read: only confirmed events, only what was known on a day."""

    confirmed: ConfirmedOption = False
    known_at: KnownAtOption = None

    def narrow(self, store: Store) -> Store:
        """The store through the lenses asked for (the store itself when none is)."""
        from dealtimeline.core.evidence import narrowed

        known = None if self.known_at is None else period(self.known_at, "--known-at").end
        return narrowed(store, known, self.confirmed)


def optional_values(args: list[str]) -> list[str]:
    """`--disputed` given with no aspect (last, or before another option) means any."""
    result: list[str] = []
    for index, arg in enumerate(args):
        result.append(arg)
        if arg == "--":
            return result + args[index + 1 :]
        following = args[index + 1] if index + 1 < len(args) else None
        if arg == "--disputed" and (following is None or following.startswith("-")):
            result.append("any")
    return result


Command = TypeVar("Command", bound=Callable[..., Any])


def option_groups(command: Command) -> Command:
    """The command with each parameter typed as an OptionGroup spread into its options.

    Typer reads the returned function's signature: the group's fields stand where the
    group's parameter stood. The command is called with the group built from them.
    """
    signature = inspect.signature(command, eval_str=True)
    groups: dict[str, type[OptionGroup]] = {}
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        group = parameter.annotation
        if not (isinstance(group, type) and issubclass(group, OptionGroup)):
            parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))
            continue
        groups[parameter.name] = group
        hints = get_type_hints(group, include_extras=True)
        parameters += [
            inspect.Parameter(
                field.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=field.default,
                annotation=hints[field.name],
            )
            for field in dataclasses.fields(group)  # type: ignore[arg-type]
        ]

    @functools.wraps(command)
    def spread(**given: Any) -> Any:
        for name, group in groups.items():
            names = [field.name for field in dataclasses.fields(group)]  # type: ignore[arg-type]
            given[name] = group(**{field: given.pop(field) for field in names})
        return command(**given)

    spread.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    spread.__annotations__ = {p.name: p.annotation for p in parameters}
    return spread  # type: ignore[return-value]
