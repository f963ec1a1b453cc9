"""The audit view: the audit as a payload (JSON, YAML), as grids (CSV, Markdown) and as
Rich renderables. The core found what is true; the sentences that say it are here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dealtimeline.core.audit import (
    AmountClash,
    Audit,
    Conflict,
    Restatement,
    Restating,
    SameDay,
    Summary,
    Unlocated,
    percent,
)
from dealtimeline.core.model import UNSPECIFIED, Event, Store
from dealtimeline.core.query import Filters
from dealtimeline.core.sanitize import one_line
from dealtimeline.core.sourcing import EventAudit
from dealtimeline.core.values import amount_text, plural, term_value
from dealtimeline.serialize import contract
from dealtimeline.serialize.grid import Grid
from dealtimeline.serialize.text_formats import Lazy
from dealtimeline.views.base import View

if TYPE_CHECKING:
    from rich.console import RenderableType


SCORING = "best grade (primary 3, press 2, copy 1, none 0) + 1 per publisher after the first"


def summary_text(summary: Summary) -> str:
    """The audit's first line: the counts in one sentence."""
    return (
        f"{plural(summary.events, 'event')}; "
        f"{percent(summary.with_primary, summary.events)} with a primary source; "
        f"{percent(summary.single_sourced, summary.events)} single-sourced; "
        f"{summary.disputed} disputed{_aspects(summary)}; "
        f"{plural(summary.undeclared_conflicts, 'undeclared conflict')}"
    )


def voices_text(summary: Summary) -> str:
    """The audit's second line: whose words the events rest on. `own words: 85% of 40
    official events; top publisher: CNBC (21% of events)`: the share of official events
    with a party's own words, and the publisher the most events cite in support."""
    parts = []
    if summary.official:
        share = percent(summary.official_own_words, summary.official)
        parts.append(f"own words: {share} of {plural(summary.official, 'official event')}")
    if summary.top_publisher is not None:
        name, count = summary.top_publisher
        share = percent(count, summary.events)
        parts.append(f"top publisher: {one_line(name)} ({share} of events)")
    return "; ".join(parts)


def _aspects(summary: Summary) -> str:
    """` (date 3, occurred 1)`: the disputed events by aspect; nothing when no dispute
    names its aspect (a store of `disputes: true` only)."""
    if all(aspect == UNSPECIFIED for aspect, _ in summary.by_aspect):
        return ""
    return " (" + ", ".join(f"{aspect} {count}" for aspect, count in summary.by_aspect) + ")"


def _quoted(value: str | None) -> str:
    return f"“{term_value(value)}”"


def _reason(why: Restating) -> str:
    return "it is a statement" if why.word is None else f"its title says “{why.word}”"


def conflict_detail(store: Store, conflict: Conflict) -> str:
    """The conflict in one sentence."""
    label = store.terms[conflict.term].label if conflict.term is not None else ""
    if isinstance(conflict, SameDay):
        sets = ", ".join(f"{s.event.id} sets {_quoted(s.value)}" for s in conflict.settings)
        return (
            f"{label}: {sets}, in effect from the same day, {conflict.day}; the state keeps "
            f"{conflict.settings[-1].event.id}'s, only because it comes later in the file"
        )
    if isinstance(conflict, Restatement):
        before = conflict.before
        return (
            f"{conflict.event.id} says the terms stand ({_reason(conflict.why)}) but changes "
            f"{label} from {_quoted(before.value)} (set by {before.event.id}) to "
            f"{_quoted(conflict.value)}"
        )
    if isinstance(conflict, AmountClash):
        (first, second), (one, other) = conflict.events, conflict.amounts
        why = (
            f"both set {label} to {_quoted(conflict.value)}"
            if conflict.term is not None
            else "same day, kind and companies"
        )
        return (
            f"{first.id} gives {amount_text(one, first.reported)} and "
            f"{second.id} gives {amount_text(other, second.reported)} "
            f"for the same deal ({why})"
        )
    raise TypeError(f"no wording for a {type(conflict).__name__}")


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


def _conflict(store: Store, value: Conflict) -> dict[str, Any]:
    return {
        "kind": value.kind,
        "term": value.term,
        "events": [event.id for event in value.events],
        "declared": value.declared,
        "detail": conflict_detail(store, value),
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


@dataclass(frozen=True, repr=False)
class AuditView(View):
    store: Store
    audit: Audit
    filters: Filters

    csv_grid = 1

    @property
    def title(self) -> str:
        return "Audit"

    def payload(self) -> dict[str, Any]:
        return self._payload([_event_audit(a) for a in self.audit.events])

    def streamed_payload(self) -> dict[str, Any]:
        return self._payload(Lazy(self.audit.events, _event_audit))

    def _payload(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        summary = self.audit.summary
        return contract.envelope(
            "audit",
            **contract.lens(self.store),
            filters=contract.filters(self.filters),
            summary={
                "events": summary.events,
                "with_primary": summary.with_primary,
                "single_sourced": summary.single_sourced,
                "disputed": summary.disputed,
                "disputed_by_aspect": dict(summary.by_aspect),
                "undeclared_conflicts": summary.undeclared_conflicts,
                "official": summary.official,
                "official_own_words": summary.official_own_words,
                "top_publisher": (
                    None
                    if summary.top_publisher is None
                    else {"name": summary.top_publisher[0], "events": summary.top_publisher[1]}
                ),
                "text": summary_text(summary),
                "voices": voices_text(summary),
            },
            scoring=SCORING,
            events=events,
            reported=[e.id for e in self.audit.reported],
            disputed=[
                {
                    "id": event.id,
                    "disputes": [
                        {"source": source, "publisher": publisher, "quote": quote}
                        for _, _, source, publisher, quote in _disputes(self.store, event)
                    ],
                    "aspects": list(event.aspects),
                }
                for event in self.audit.disputed
            ],
            conflicts=[_conflict(self.store, c) for c in self.audit.conflicts],
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
            (
                c.kind,
                ";".join(e.id for e in c.events),
                "yes" if c.declared else "no",
                conflict_detail(self.store, c),
            )
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

        return render_audit.audit_view(
            self.store,
            self.audit,
            headline=summary_text(self.audit.summary),
            voices=voices_text(self.audit.summary),
            scoring=SCORING,
            detail=lambda conflict: conflict_detail(self.store, conflict),
            plain=not colour,
        )
