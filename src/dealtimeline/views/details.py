"""The views of one thing in full: an event, a company, a diff, the state on a day."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from dealtimeline.core.model import Event, Store
from dealtimeline.core.values import amount_terms, company_list, event_amount, term_value
from dealtimeline.serialize import contract
from dealtimeline.serialize.grid import Grid
from dealtimeline.views.base import (
    SETTING_COLUMNS,
    View,
    events_grid,
    setting_row,
)
from dealtimeline.views.formats import EVENT_FORMATS

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.aggregates import CompanyProfile
    from dealtimeline.core.state import Diff, Setting


@dataclass(frozen=True, repr=False)
class EventView(View):
    formats = EVENT_FORMATS

    store: Store
    event: Event
    before: Sequence[Setting | None]

    @property
    def title(self) -> str:
        return self.event.title

    def payload(self) -> dict[str, Any]:
        data = contract.event(self.store, self.event)
        for change, previous in zip(data["changes"], self.before, strict=True):
            change["before"] = contract.setting(previous)
        return contract.envelope("show", **contract.lens(self.store), event=data)

    def grids(self) -> list[Grid]:
        event = self.event
        fields = [
            ("id", event.id),
            ("date", event.date.display),
            ("kind", event.kind),
            ("companies", company_list(self.store, event.companies)),
            ("status", event.status),
            ("disputed", ", ".join(event.aspects) or "no"),
            ("in doubt", "yes" if event.in_doubt else "no"),
            ("amount", event_amount(event)),
            ("measure", amount_terms(self.store, event.amount) if event.amount else ""),
            ("deal", event.deal or ""),
            ("supersedes", ", ".join(event.supersedes)),
            ("summary", event.summary or ""),
        ]
        changes = [
            (
                self.store.terms[c.term].label,
                term_value(previous.value if previous else None),
                term_value(c.value),
                c.effective.iso if c.effective else "",
                c.since.iso if c.since else "",
            )
            for c, previous in zip(event.changes, self.before, strict=True)
        ]
        citations = [
            (
                self.store.sources[c.source].publisher,
                self.store.sources[c.source].published.iso,
                self.store.sources[c.source].url or "",
                c.quote,
                c.speaker or "",
                "disputes " + ", ".join(c.disputes) if c.disputes else c.role,
            )
            for c in event.citations
        ]
        return [
            Grid("Event", ("field", "value"), fields),
            Grid("Changes", ("term", "before", "after", "effective", "since"), changes),
            Grid(
                "Sources",
                ("publisher", "published", "url", "quote", "speaker", "stance"),
                citations,
            ),
        ]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.details import event_detail
        from dealtimeline.render.style import lens_heading

        drawn = event_detail(self.store, self.event, self.before, colour)
        return [*lens_heading(self.store), *drawn]


@dataclass(frozen=True, repr=False)
class CompanyView(View):
    csv_grid = 1

    store: Store
    profile: CompanyProfile

    @property
    def title(self) -> str:
        return self.profile.company.name

    def payload(self) -> dict[str, Any]:
        return contract.profile(self.store, self.profile)

    def grids(self) -> list[Grid]:
        terms = [
            setting_row(self.store, term.label, setting) for term, setting in self.profile.terms
        ]
        return [
            Grid("Terms", SETTING_COLUMNS, terms),
            events_grid("Events", self.profile.events),
        ]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.details import company_profile

        return company_profile(self.store, self.profile, colour)


@dataclass(frozen=True, repr=False)
class DiffView(View):
    store: Store
    diff: Diff
    unchanged: bool

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
                    ("began" if entry.began else "first recorded")
                    if entry.status == "added"
                    else "",
                    cause.event.status if cause else "",
                    ";".join(cause.event.aspects) if cause else "",
                )
            )
        columns: tuple[str, ...] = ("status", "term", "before", "after", "date", "event")
        columns += ("approximate", "added as", "event status", "disputed")
        return [Grid("Terms", columns, rows), events_grid("Events in between", self.diff.events)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.details import diff_view

        return diff_view(self.store, self.diff, self.unchanged, colour)


@dataclass(frozen=True, repr=False)
class StateView(View):
    store: Store
    at: date
    settings: Mapping[str, Setting | None]
    upcoming: tuple[Setting, ...]

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
            **contract.lens(self.store),
            as_of=contract.day(self.at),
            terms=terms,
            upcoming=contract.upcoming(self.store, self.upcoming),
        )

    def grids(self) -> list[Grid]:
        rows = [setting_row(self.store, label, setting) for label, setting in self.rows()]
        return [Grid("Terms", SETTING_COLUMNS, rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.details import state_view

        return state_view(self.store, self.rows(), self.upcoming, self.at)
