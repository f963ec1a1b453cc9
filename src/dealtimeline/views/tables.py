"""The `companies` and `sources` views: the store's companies and sources as tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dealtimeline.core.model import Store
from dealtimeline.serialize import contract
from dealtimeline.serialize.grid import Grid
from dealtimeline.views.base import View

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.aggregates import CompanySummary, SourceUsage


@dataclass(frozen=True, repr=False)
class CompaniesView(View):
    store: Store
    summaries: Sequence[CompanySummary]

    @property
    def title(self) -> str:
        return "Companies"

    def payload(self) -> dict[str, Any]:
        return contract.envelope(
            "companies", companies=[contract.company_summary(s) for s in self.summaries]
        )

    def grids(self) -> list[Grid]:
        rows = [
            (
                s.company.id,
                s.company.name,
                ";".join(s.company.aliases),
                str(s.totals.events),
                s.totals.first.iso if s.totals.first else "",
                s.totals.last.iso if s.totals.last else "",
            )
            for s in self.summaries
        ]
        return [Grid("Companies", ("id", "name", "aliases", "events", "first", "last"), rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.tables import companies_table

        return [companies_table(self.summaries, self.store, colour)]


@dataclass(frozen=True, repr=False)
class SourcesView(View):
    usages: Sequence[SourceUsage]

    @property
    def title(self) -> str:
        return "Sources"

    def payload(self) -> dict[str, Any]:
        return contract.envelope("sources", sources=[contract.source_usage(u) for u in self.usages])

    def grids(self) -> list[Grid]:
        rows = [
            (
                u.source.id,
                u.source.publisher,
                u.source.published.iso,
                u.source.grade,
                u.source.title,
                u.source.url or "",
                str(len(u.cited_by)),
            )
            for u in self.usages
        ]
        columns = ("id", "publisher", "published", "grade", "title", "url", "cited_by")
        return [Grid("Sources", columns, rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.tables import sources_table

        return [sources_table(self.usages)]
