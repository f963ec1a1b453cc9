"""The `chart` view: terms as bars of their values, events as marks, over time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from dealtimeline.core.model import Company, Event, Store, Term
from dealtimeline.serialize import contract
from dealtimeline.serialize.grid import Grid
from dealtimeline.views.base import SETTING_COLUMNS, View, setting_row

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.chart_span import Axis
    from dealtimeline.core.state import Segment


@dataclass(frozen=True, repr=False)
class ChartView(View):
    """Each term's values and each company's events over a span of days, at a width."""

    formats = ("rich", "json", "csv", "markdown", "yaml")

    store: Store
    terms: Sequence[tuple[Term, Sequence[Segment]]]
    companies: Sequence[tuple[Company, Sequence[Event]]]
    start: date
    end: date
    today: date
    width: int
    axis: Axis

    @property
    def title(self) -> str:
        return f"The deals from {self.start.year} to {self.end.year}"

    def payload(self) -> dict[str, Any]:
        return contract.envelope(
            "chart",
            **contract.lens(self.store),
            **{"from": contract.day(self.start), "to": contract.day(self.end)},
            today=contract.day(self.today),
            terms=[
                {
                    "term": term.id,
                    "label": term.label,
                    "segments": [
                        {
                            "start": s.start.isoformat(),
                            "end": s.end.isoformat(),
                            "value": s.value,
                            "event": s.setting.event.id if s.setting else None,
                            **contract.segment_doubt(self.store, s.setting),
                        }
                        for s in segments
                    ],
                }
                for term, segments in self.terms
            ],
            companies=[
                {"id": company.id, "name": company.name, "events": [e.id for e in events]}
                for company, events in self.companies
            ],
        )

    def grids(self) -> list[Grid]:
        """Each value a bar shows, as `state` gives a value: its doubt beside it."""
        rows = [
            setting_row(self.store, term.label, segment.setting)
            for term, segments in self.terms
            for segment in segments
            if segment.setting is not None
        ]
        return [Grid("Terms", SETTING_COLUMNS, rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.core.palette import company_colours, counterparty
        from dealtimeline.render.chart import Row, chart
        from dealtimeline.render.style import lens_heading

        colours = company_colours(self.store)
        names = {company: colour.name for company, colour in colours.items()}
        terms = [
            Row(
                term.label,
                segments,
                colour=names.get(counterparty(self.store, term.companies) or "", "default"),
            )
            for term, segments in self.terms
        ]
        companies = [
            Row(
                company.name,
                events=events,
                colour=colours[company.id].name,
                text=colours[company.id].text,
            )
            for company, events in self.companies
        ]
        return lens_heading(self.store) + list(
            chart(terms, companies, self.axis, self.today, self.width, colour)
        )
