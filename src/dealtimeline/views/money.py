"""The views of money and capacity: the totals, the deals, one deal's story."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from dealtimeline.core.model import Store
from dealtimeline.core.totals import CAPACITY, DealSummary, Line, Series, Totals
from dealtimeline.core.values import company_list
from dealtimeline.serialize import contract, money
from dealtimeline.serialize.grid import Grid
from dealtimeline.views.base import View, events_grid

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.chart_span import Axis

LINE_COLUMNS = ("measure", "unit", "from", "to", "deal", "official", "reported", "deals")


def _number(value: float) -> str:
    return f"{value:.15g}"


def line_rows(lines: Sequence[Line]) -> list[tuple[str, ...]]:
    return [
        (
            line.measure,
            line.unit,
            line.payer or "",
            line.payee or "",
            line.deal or "",
            _number(line.official),
            _number(line.reported),
            ";".join(line.deals),
        )
        for line in lines
    ]


@dataclass(frozen=True, repr=False)
class TotalsView(View):
    store: Store
    totals: Totals
    explain: bool

    def payload(self) -> dict[str, Any]:
        return money.totals(self.store, self.totals)

    @property
    def title(self) -> str:
        return f"Totals as of {self.totals.as_of.isoformat()}"

    def grids(self) -> list[Grid]:
        parts = [
            (
                line.measure,
                line.unit,
                p.deal,
                p.status,
                _number(p.value),
                ";".join(e.id for e in p.events),
            )
            for line in self.totals.lines
            for p in line.parts
        ]
        columns = ("measure", "unit", "deal", "status", "value", "events")
        return [
            Grid("Totals", LINE_COLUMNS, line_rows(self.totals.lines)),
            Grid("Made of", columns, parts),
        ]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.money import totals_view
        from dealtimeline.render.style import lens_suffix

        return totals_view(self.store, self.totals, self.explain, lens_suffix(self.store))


@dataclass(frozen=True, repr=False)
class TotalsChartView(View):
    """`totals --chart`: each line's cumulative figures over time, at a width."""

    store: Store
    series: list[Series]
    as_of: date
    span: tuple[date, date]
    width: int
    axis: Axis

    def payload(self) -> dict[str, Any]:
        return money.series(self.store, self.series, self.as_of, self.span)

    @property
    def title(self) -> str:
        return f"Commitments and capacity as of {self.as_of.isoformat()}"

    def grids(self) -> list[Grid]:
        columns = ("measure", "unit", "from", "to", "deal", "day", "official", "reported")
        rows = [
            (
                s.measure,
                s.unit,
                s.payer or "",
                s.payee or "",
                s.deal or "",
                step.day.isoformat(),
                _number(step.official),
                _number(step.reported),
            )
            for s in self.series
            for step in s.steps
        ]
        return [Grid("Over time", columns, rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from rich.text import Text

        from dealtimeline.render.style import HEADING, lens_suffix
        from dealtimeline.render.totals_chart import totals_chart

        heading = Text(self.title + lens_suffix(self.store), style=HEADING)
        chart = totals_chart(self.store, self.series, self.axis, self.as_of, self.width)
        return [heading, *chart]


@dataclass(frozen=True, repr=False)
class DealsView(View):
    store: Store
    summaries: Sequence[DealSummary]

    def payload(self) -> dict[str, Any]:
        return contract.envelope(
            "deals", **contract.lens(self.store), deals=[money.deal(s) for s in self.summaries]
        )

    @property
    def title(self) -> str:
        return "Deals"

    def grids(self) -> list[Grid]:
        rows = [
            (
                s.deal.id,
                s.deal.name,
                ";".join(s.deal.parties),
                s.first.iso if s.first else "",
                s.last.iso if s.last else "",
                str(len(s.events)),
                _figures(s.lines, "official"),
                _figures(s.lines, "reported"),
                s.status,
            )
            for s in self.summaries
        ]
        columns = ("id", "name", "parties", "first", "last", "events", "official")
        return [Grid("Deals", (*columns, "reported", "status"), rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.money import deals_table
        from dealtimeline.render.style import lens_heading

        return [*lens_heading(self.store), deals_table(self.store, self.summaries)]


def _figures(lines: Sequence[Line], status: str) -> str:
    found = []
    for line in lines:
        value = line.total(status)
        if value:
            what = line.unit if line.measure == CAPACITY else f"{line.unit} {line.measure}"
            found.append(f"{_number(value)} {what}")
    return ";".join(found)


@dataclass(frozen=True, repr=False)
class DealView(View):
    store: Store
    summary: DealSummary

    def payload(self) -> dict[str, Any]:
        data = money.deal(self.summary)
        data["events"] = [contract.event(self.store, e) for e in self.summary.events]
        return contract.envelope("show", **contract.lens(self.store), deal=data)

    @property
    def title(self) -> str:
        return self.summary.deal.name

    def grids(self) -> list[Grid]:
        deal = self.summary.deal
        fields = [
            ("id", deal.id),
            ("name", deal.name),
            ("parties", company_list(self.store, deal.parties)),
            ("status", self.summary.status),
            ("summary", deal.summary or ""),
        ]
        return [
            Grid("Deal", ("field", "value"), fields),
            Grid("Figures", LINE_COLUMNS, line_rows(self.summary.lines)),
            events_grid("Events", self.summary.events),
        ]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.money import deal_detail
        from dealtimeline.render.style import lens_heading

        return [*lens_heading(self.store), *deal_detail(self.store, self.summary, colour)]
