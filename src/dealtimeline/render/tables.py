"""The tables of the store's companies and sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table

from dealtimeline.core.sanitize import one_line
from dealtimeline.render.style import HEADING, MUTED, company_tags, text

if TYPE_CHECKING:
    from dealtimeline.core.aggregates import CompanySummary, SourceUsage
    from dealtimeline.core.model import Store


def companies_table(summaries: Sequence[CompanySummary], store: Store, colour: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Company", no_wrap=True)
    table.add_column("Id", style=MUTED, no_wrap=True)
    table.add_column("Aliases", overflow="fold")
    table.add_column("Events", justify="right")
    table.add_column("First", no_wrap=True)
    table.add_column("Last", no_wrap=True)
    for summary in summaries:
        company, totals = summary.company, summary.totals
        table.add_row(
            company_tags(store, (company.id,), colour),
            text(company.id),
            text(", ".join(one_line(a) for a in company.aliases)),
            str(totals.events),
            totals.first.display if totals.first else "",
            totals.last.display if totals.last else "",
        )
    return table


def sources_table(usages: Sequence[SourceUsage]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Id", style=MUTED, overflow="fold")
    table.add_column("Publisher", overflow="fold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Grade", no_wrap=True)
    table.add_column("Title", overflow="fold", ratio=1)
    table.add_column("Cited by", justify="right")
    for usage in usages:
        source = usage.source
        table.add_row(
            text(source.id),
            text(one_line(source.publisher)),
            source.published.display,
            source.grade,
            text(one_line(source.title)),
            str(len(usage.cited_by)),
        )
    return table
