"""One class per reading command: its data as a payload (JSON, YAML), as grids (CSV,
Markdown) and as Rich renderables. The CLI picks the form; the core computed the data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from dealtimeline.core.model import Company, Event, Store, Term
from dealtimeline.core.values import company_list, event_amount, term_value
from dealtimeline.serialize import contract, text_formats
from dealtimeline.serialize.text_formats import Grid

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.aggregates import CompanyProfile, CompanySummary, SourceUsage
    from dealtimeline.core.query import Filters
    from dealtimeline.core.state import Diff, Segment, Setting

ALL_FORMATS = ("rich", "json", "csv", "markdown", "yaml")

# Each view's `grids()` are written in order as Markdown; CSV writes the one at `csv_grid`.

EVENT_COLUMNS = (
    "id",
    "date",
    "precision",
    "kind",
    "companies",
    "title",
    "amount",
    "currency",
    "status",
    "disputed",
    "sources",
)


def event_row(event: Event) -> tuple[str, ...]:
    return (
        event.id,
        event.date.iso,
        event.date.precision,
        event.kind,
        ";".join(event.companies),
        event.title,
        ""
        if event.amount is None
        else f"{event.amount.value:g}"
        if isinstance(event.amount.value, float)
        else str(event.amount.value),
        "" if event.amount is None else event.amount.currency,
        event.status,
        "yes" if event.disputed else "no",
        ";".join(dict.fromkeys(c.source for c in event.citations)),
    )


def events_grid(title: str, events: Sequence[Event]) -> Grid:
    return Grid(title, EVENT_COLUMNS, [event_row(e) for e in events])


class View:
    """What every view offers; subclasses set `title` and implement the three forms."""

    formats: tuple[str, ...] = ALL_FORMATS
    csv_grid = 0

    @property
    def title(self) -> str:
        raise NotImplementedError

    def payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def grids(self) -> list[Grid]:
        raise NotImplementedError

    def renderables(self, colour: bool) -> list[RenderableType]:
        raise NotImplementedError

    def streamed_payload(self) -> dict[str, Any]:
        """The payload for `write_json`: its long lists may be `Lazy`, made as written."""
        return self.payload()

    def write(self, fmt: str, stream: TextIO) -> None:
        """`text(fmt)` written to `stream`; JSON as it is made, never held whole."""
        if fmt == "json":
            text_formats.write_json(self.streamed_payload(), stream)
        else:
            stream.write(self.text(fmt))

    def text(self, fmt: str) -> str:
        """The view in a text format: json, yaml, csv or markdown."""
        if fmt == "json":
            return text_formats.to_json(self.payload())
        if fmt == "yaml":
            return text_formats.to_yaml(self.payload())
        if fmt == "csv":
            return text_formats.to_csv(self.grids()[self.csv_grid])
        return text_formats.to_markdown(self.grids(), self.title)


def _setting_row(label: str, setting: Setting | None) -> tuple[str, str, str, str]:
    if setting is None:
        return (label, "(none yet)", "", "")
    return (label, term_value(setting.value), setting.effective.iso, setting.event.id)


class ListView(View):
    def __init__(self, store: Store, events: Sequence[Event], filters: Filters) -> None:
        self.store = store
        self.events = events
        self.filters = filters

    @property
    def title(self) -> str:
        return "Events"

    def payload(self) -> dict[str, Any]:
        return self._payload([contract.event(self.store, e) for e in self.events])

    def streamed_payload(self) -> dict[str, Any]:
        return self._payload(text_formats.Lazy(self.events, self._event))

    def _event(self, event: Event) -> dict[str, Any]:
        return contract.event(self.store, event)

    def _payload(self, events: list[Any]) -> dict[str, Any]:
        return contract.envelope(
            "list", filters=contract.filters(self.filters), count=len(self.events), events=events
        )

    def grids(self) -> list[Grid]:
        return [events_grid("Events", self.events)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.timeline import Timeline, legend

        return [Timeline(self.store, self.events, colour), legend(self.events)]


class EventView(View):
    formats = ("rich", "json", "markdown", "yaml")

    def __init__(self, store: Store, event: Event, before: Sequence[Setting | None]) -> None:
        self.store = store
        self.event = event
        self.before = before

    @property
    def title(self) -> str:
        return self.event.title

    def payload(self) -> dict[str, Any]:
        data = contract.event(self.store, self.event)
        for change, previous in zip(data["changes"], self.before, strict=True):
            change["before"] = contract.setting(previous)
        return contract.envelope("show", event=data)

    def grids(self) -> list[Grid]:
        event = self.event
        fields = [
            ("id", event.id),
            ("date", event.date.display),
            ("kind", event.kind),
            ("companies", company_list(self.store, event.companies)),
            ("status", event.status),
            ("disputed", "yes" if event.disputed else "no"),
            ("amount", event_amount(event)),
            ("summary", event.summary or ""),
        ]
        changes = [
            (
                self.store.terms[c.term].label,
                term_value(previous.value if previous else None),
                term_value(c.value),
                c.effective.iso if c.effective else "",
            )
            for c, previous in zip(event.changes, self.before, strict=True)
        ]
        citations = [
            (
                self.store.sources[c.source].publisher,
                self.store.sources[c.source].published.iso,
                self.store.sources[c.source].url or "",
                c.quote,
                "disputes" if c.disputes else "supports",
            )
            for c in event.citations
        ]
        return [
            Grid("Event", ("field", "value"), fields),
            Grid("Changes", ("term", "before", "after", "effective"), changes),
            Grid("Sources", ("publisher", "published", "url", "quote", "stance"), citations),
        ]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.details import event_detail

        return event_detail(self.store, self.event, self.before, colour)


class CompanyView(View):
    csv_grid = 1

    def __init__(self, store: Store, profile: CompanyProfile) -> None:
        self.store = store
        self.profile = profile

    @property
    def title(self) -> str:
        return self.profile.company.name

    def payload(self) -> dict[str, Any]:
        return contract.profile(self.store, self.profile)

    def grids(self) -> list[Grid]:
        terms = [_setting_row(term.label, setting) for term, setting in self.profile.terms]
        return [
            Grid("Terms", ("term", "value", "since", "event"), terms),
            events_grid("Events", self.profile.events),
        ]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.details import company_profile

        return company_profile(self.store, self.profile, colour)


class DiffView(View):
    def __init__(self, store: Store, diff: Diff, unchanged: bool) -> None:
        self.store = store
        self.diff = diff
        self.unchanged = unchanged

    @property
    def title(self) -> str:
        return f"From {self.diff.start.display} to {self.diff.end.display}"

    def payload(self) -> dict[str, Any]:
        return contract.diff(self.store, self.diff, self.unchanged)

    def grids(self) -> list[Grid]:
        rows = []
        for entry in self.diff.terms:
            if entry.status == "unchanged" and not self.unchanged:
                continue
            cause = entry.cause
            rows.append(
                (
                    entry.status,
                    entry.term.label,
                    term_value(entry.before_value),
                    term_value(entry.after_value),
                    cause.effective.iso if cause else "",
                    cause.event.id if cause else "",
                    "yes" if entry.approximate else "no",
                )
            )
        columns = ("status", "term", "before", "after", "date", "event", "approximate")
        return [Grid("Terms", columns, rows), events_grid("Events in between", self.diff.events)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.details import diff_view

        return diff_view(self.store, self.diff, self.unchanged, colour)


class StateView(View):
    def __init__(
        self,
        store: Store,
        at: date,
        settings: Mapping[str, Setting | None],
        upcoming: tuple[Setting, ...],
    ) -> None:
        self.store = store
        self.at = at
        self.settings = settings
        self.upcoming = upcoming

    @property
    def title(self) -> str:
        return f"State on {self.at.isoformat()}"

    def rows(self) -> list[tuple[str, Setting | None]]:
        return [(self.store.terms[term].label, setting) for term, setting in self.settings.items()]

    def payload(self) -> dict[str, Any]:
        terms = [
            contract.term_setting(self.store, term, setting, self.at)
            for term, setting in self.settings.items()
        ]
        return contract.envelope(
            "state",
            as_of=contract.day(self.at),
            terms=terms,
            upcoming=contract.upcoming(self.store, self.upcoming),
        )

    def grids(self) -> list[Grid]:
        rows = [_setting_row(label, setting) for label, setting in self.rows()]
        return [Grid("Terms", ("term", "value", "since", "event"), rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.details import state_view

        return state_view(self.store, self.rows(), self.upcoming, self.at)


class ChartView(View):
    """Each term's values and each company's events over a span of days, at a width."""

    formats = ("rich", "json")

    def __init__(
        self,
        terms: Sequence[tuple[Term, Sequence[Segment]]],
        companies: Sequence[tuple[Company, Sequence[Event]]],
        start: date,
        end: date,
        today: date,
        width: int,
    ) -> None:
        self.terms = terms
        self.companies = companies
        self.start = start
        self.end = end
        self.today = today
        self.width = width

    @property
    def title(self) -> str:
        return f"The deals from {self.start.year} to {self.end.year}"

    def payload(self) -> dict[str, Any]:
        return contract.envelope(
            "chart",
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
        return []

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.chart import Row, chart

        return list(
            chart(
                [Row(term.label, segments=segments) for term, segments in self.terms],
                [Row(company.name, events=events) for company, events in self.companies],
                self.start,
                self.end,
                self.today,
                self.width,
            )
        )


class CompaniesView(View):
    def __init__(self, store: Store, summaries: Sequence[CompanySummary]) -> None:
        self.store = store
        self.summaries = summaries

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


class SourcesView(View):
    def __init__(self, usages: Sequence[SourceUsage]) -> None:
        self.usages = usages

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
