"""Totals and deals on the screen: one row per total, the deals and events it is made
of under it with --explain; the deals with their figures; one deal's story.

Renderers only lay out what the core computed; they never decide what is true.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from dealtimeline.core.sanitize import one_line
from dealtimeline.core.totals import CAPACITY
from dealtimeline.core.values import company_list, quantity
from dealtimeline.render.style import HEADING, MUTED, fields, heading, text
from dealtimeline.render.timeline import Timeline

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.model import Store
    from dealtimeline.core.totals import CompanyTotals, DealSummary, Line, Series, Totals


def deal_name(store: Store, deal: str) -> str:
    found = store.deals.get(deal)
    return found.name if found is not None else deal


def between(store: Store, line: Line | Series) -> str:
    """`OpenAI → Oracle`, `OpenAI, Oracle` for a capacity, or the deal's own name."""
    if line.deal is not None:
        return deal_name(store, line.deal) + " (the deal's own total)"
    names = [store.companies[c].name for c in line.companies]
    return ", ".join(names) if line.measure == CAPACITY else " → ".join(names)


def figure(line: Line, value: float, reported: bool = False) -> str:
    if not value:
        return ""
    shown = quantity(value, line.unit, line.measure == CAPACITY)
    return ("~" if reported else "") + shown


def lines_table(store: Store, lines: Sequence[Line], explain: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Measure", no_wrap=True)
    table.add_column("Between", overflow="fold", ratio=1, min_width=10)
    table.add_column("Official", justify="right", no_wrap=True)
    table.add_column("Reported", justify="right", no_wrap=True, style="yellow")
    table.add_column("Deals", justify="right")
    for line in lines:
        table.add_row(
            line.measure,
            text(one_line(between(store, line))),
            figure(line, line.official),
            figure(line, line.reported, True),
            str(len(line.deals)),
        )
        if explain:
            for part in line.parts:
                made = Text(f"  {deal_name(store, part.deal)}: ", style=MUTED)
                made.append(", ".join(e.id for e in part.events), style=MUTED)
                official = part.status == "official"
                value = figure(line, part.value, not official)
                table.add_row("", made, value if official else "", "" if official else value, "")
    return table


def totals_view(store: Store, value: Totals, explain: bool, lens: str) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text(f"Totals as of {value.as_of.isoformat()}{lens}", style=HEADING),
        Text(
            "Each deal counted once, at its latest figures; reported figures apart, never "
            "added to official ones; measures and currencies never summed together.",
            style=MUTED,
        ),
        Text(),
    ]
    parts.append(lines_table(store, value.lines, explain) if value.lines else Text("(none)"))
    if value.untyped:
        ids = ", ".join(e.id for e in value.untyped)
        parts += [Text(), Text(f"Amounts with no measure, not summed: {ids}", style=MUTED)]
    return parts


def company_money(store: Store, value: CompanyTotals) -> list[RenderableType]:
    """A company's totals: its own lines, then the deals' own lines it is party to."""
    parts: list[RenderableType] = []
    if value.lines:
        parts.append(lines_table(store, value.lines, False))
    if value.shared:
        parts += [
            Text("Deals it is party to, counted on their own (not attributed to it):", MUTED),
            lines_table(store, value.shared, False),
        ]
    if value.untyped:
        ids = ", ".join(e.id for e in value.untyped)
        parts.append(Text(f"Amounts with no measure, not summed: {ids}", style=MUTED))
    if not parts:
        parts.append(Text("(no amount or capacity)", style=MUTED))
    return parts


def deals_table(store: Store, summaries: Sequence[DealSummary]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Deal", overflow="fold", ratio=2)
    table.add_column("Parties", overflow="fold", ratio=2)
    table.add_column("Dates", no_wrap=True)
    table.add_column("Figures", overflow="fold", ratio=2)
    table.add_column("Status", no_wrap=True)
    for summary in summaries:
        deal = summary.deal
        name = text(one_line(deal.name), "bold")
        name.append(f"\n{deal.id}", style=MUTED)
        dates = ""
        if summary.first and summary.last:
            dates = summary.first.display
            if summary.last != summary.first:
                dates += f" to\n{summary.last.display}"
        table.add_row(
            name,
            text(company_list(store, deal.parties)),
            dates,
            text(figures(summary.lines)),
            summary.status,
        )
    return table


def figures(lines: Sequence[Line]) -> str:
    """`$300B compute-purchase` per line, reported ones with `~`, one a line."""
    shown = []
    for line in lines:
        for value, reported in ((line.official, False), (line.reported, True)):
            if value:
                label = "" if line.measure == CAPACITY else f" {line.measure}"
                shown.append(figure(line, value, reported) + label)
    return "\n".join(shown)


def deal_detail(store: Store, summary: DealSummary, colour: bool) -> list[RenderableType]:
    deal = summary.deal
    rows: list[tuple[str, Text | str]] = [
        ("Parties", text(company_list(store, deal.parties))),
        ("Status", summary.status),
        ("Events", str(len(summary.events))),
    ]
    parts: list[RenderableType] = [text(deal.id, MUTED), text(one_line(deal.name), "bold")]
    if deal.summary:
        parts.append(text(one_line(deal.summary)))
    parts += [Text(), fields(rows), Text(), heading("Figures, each event counted once")]
    if summary.lines:
        parts.append(lines_table(store, summary.lines, True))
    else:
        parts.append(Text("(no typed amount or capacity)", style=MUTED))
    superseded = [(e, old) for e in summary.events for old in e.supersedes]
    if superseded:
        parts += [Text(), heading("Superseded figures")]
        parts += [Text(f"{old} by {e.id} ({e.date.display})") for e, old in superseded]
    parts += [Text(), heading("Story"), Timeline(store, summary.events, colour)]
    return parts
