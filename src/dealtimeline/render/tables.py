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


PUBLISHER_WIDTH = 20
"""The widest the publisher column grows: longer names wrap, and the title keeps the room."""


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
    """Publisher, date, grade, the title with the source's id under it, and how many
    events cite it: the id under the title leaves the title most of the width."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Publisher", overflow="fold", max_width=PUBLISHER_WIDTH)
    table.add_column("Date", no_wrap=True)
    table.add_column("Grade", no_wrap=True)
    table.add_column("Title and id", overflow="fold", ratio=1)
    table.add_column("Cited", justify="right", no_wrap=True)
    for usage in usages:
        source = usage.source
        titled = text(one_line(source.title))
        titled.append("\n")
        titled.append_text(text(source.id, MUTED))
        table.add_row(
            text(one_line(source.publisher)),
            source.published.display,
            source.grade,
            titled,
            str(len(usage.cited_by)),
        )
    return table
