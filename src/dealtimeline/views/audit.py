"""The audit view: the audit as a payload (JSON, YAML), as grids (CSV, Markdown) and as
Rich renderables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dealtimeline.core.audit import SCORING, Audit, Conflict, Unlocated, percent
from dealtimeline.core.model import Event, Store
from dealtimeline.core.query import Filters
from dealtimeline.core.sourcing import EventAudit
from dealtimeline.serialize import contract
from dealtimeline.serialize.text_formats import Grid
from dealtimeline.views.reading import View

if TYPE_CHECKING:
    from rich.console import RenderableType


def _event_audit(value: EventAudit) -> dict[str, Any]:
    return {
        "id": value.event.id,
        "date": contract.partial_date(value.event.date),
        "title": value.event.title,
        "status": value.event.status,
        "disputed": value.event.disputed,
        "best_grade": value.best,
        "sources": [source.id for source in value.sources],
        "publishers": list(value.publishers),
        "score": value.score,
        "flags": list(value.flags),
    }


def _conflict(value: Conflict) -> dict[str, Any]:
    return {
        "kind": value.kind,
        "term": value.term,
        "events": [event.id for event in value.events],
        "declared": value.declared,
        "detail": value.detail,
    }


def _unlocated(value: Unlocated) -> dict[str, Any]:
    return {"event": value.event.id, "source": value.citation.source, "quote": value.citation.quote}


def _disputes(store: Store, event: Event) -> list[tuple[str, str, str, str, str]]:
    """One row per disputing citation: event, title, source, publisher, quote."""
    return [
        (event.id, event.title, c.source, store.sources[c.source].publisher, c.quote)
        for c in event.citations
        if c.disputes
    ]


@dataclass(frozen=True)
class AuditView(View):
    store: Store
    audit: Audit
    filters: Filters

    csv_grid = 1

    @property
    def title(self) -> str:
        return "Audit"

    def payload(self) -> dict[str, Any]:
        summary = self.audit.summary
        return contract.envelope(
            "audit",
            filters=contract.filters(self.filters),
            summary={
                "events": summary.events,
                "with_primary": summary.with_primary,
                "single_sourced": summary.single_sourced,
                "disputed": summary.disputed,
                "undeclared_conflicts": summary.undeclared_conflicts,
                "text": summary.text,
            },
            scoring=SCORING,
            events=[_event_audit(a) for a in self.audit.events],
            reported=[e.id for e in self.audit.reported],
            disputed=[
                {
                    "id": event.id,
                    "disputes": [
                        {"source": source, "publisher": publisher, "quote": quote}
                        for _, _, source, publisher, quote in _disputes(self.store, event)
                    ],
                }
                for event in self.audit.disputed
            ],
            conflicts=[_conflict(c) for c in self.audit.conflicts],
            uncited_sources=[contract.source(s) for s in self.audit.uncited],
            unlocated_citations=[_unlocated(u) for u in self.audit.unlocated],
        )

    def grids(self) -> list[Grid]:
        summary = self.audit.summary
        with_primary, single = summary.with_primary, summary.single_sourced
        overview = [
            ("events", str(summary.events)),
            ("with a primary source", f"{with_primary} ({percent(with_primary, summary.events)})"),
            ("single-sourced", f"{single} ({percent(single, summary.events)})"),
            ("disputed", str(summary.disputed)),
            ("undeclared conflicts", str(summary.undeclared_conflicts)),
            ("score", SCORING),
        ]
        events = [
            (
                a.event.id,
                a.event.date.iso,
                a.best or "none",
                str(len(a.sources)),
                str(len(a.publishers)),
                str(a.score),
                ";".join(a.flags),
            )
            for a in self.audit.events
        ]
        reported = [(e.id, e.date.iso, e.title) for e in self.audit.reported]
        disputed = [row for e in self.audit.disputed for row in _disputes(self.store, e)]
        conflicts = [
            (c.kind, ";".join(e.id for e in c.events), "yes" if c.declared else "no", c.detail)
            for c in self.audit.conflicts
        ]
        uncited = [(s.id, s.publisher, s.published.iso, s.grade) for s in self.audit.uncited]
        unlocated = [
            (u.event.id, u.citation.source, u.citation.quote) for u in self.audit.unlocated
        ]
        return [
            Grid("Summary", ("measure", "value"), overview),
            Grid(
                "Sources per event",
                ("id", "date", "best", "sources", "publishers", "score", "flags"),
                events,
            ),
            Grid("Reported", ("id", "date", "title"), reported),
            Grid("Disputed", ("event", "title", "source", "publisher", "quote"), disputed),
            Grid("Conflicts", ("kind", "events", "declared", "detail"), conflicts),
            Grid("Sources nobody cites", ("id", "publisher", "published", "grade"), uncited),
            Grid("Citations without url or archive", ("event", "source", "quote"), unlocated),
        ]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render import audit as render_audit

        return render_audit.audit_view(self.store, self.audit)
