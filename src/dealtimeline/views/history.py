"""The `terms` and `history` views: every term with its latest value, and one term's
values in order, each with its dates, its event's doubt and its sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dealtimeline.core.evidence import known_date
from dealtimeline.core.model import Store, Term
from dealtimeline.core.sourcing import event_audit, mark
from dealtimeline.core.values import term_value
from dealtimeline.serialize import contract
from dealtimeline.serialize.doubt import doubt_text
from dealtimeline.serialize.grid import Grid
from dealtimeline.views.base import View

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.state import Setting


@dataclass(frozen=True, repr=False)
class TermsView(View):
    store: Store
    rows: list[tuple[Term, Setting | None]]

    @property
    def title(self) -> str:
        return "Terms"

    def payload(self) -> dict[str, Any]:
        terms = [
            {
                "term": term.id,
                "label": term.label,
                "companies": list(term.companies),
                "latest": contract.setting(last, self.store),
            }
            for term, last in self.rows
        ]
        return contract.envelope("terms", **contract.lens(self.store), terms=terms)

    def grids(self) -> list[Grid]:
        rows = [
            (term.id, term.label, term_value(last.value) if last else "(none yet)")
            for term, last in self.rows
        ]
        return [Grid("Terms", ("id", "label", "latest value"), rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.history import terms_list

        return terms_list(self.store, self.rows)


@dataclass(frozen=True, repr=False)
class HistoryView(View):
    store: Store
    term: Term
    history: tuple[Setting, ...]

    @property
    def title(self) -> str:
        return self.term.label

    def payload(self) -> dict[str, Any]:
        values = [
            {
                **(contract.setting(s, self.store) or {}),
                "sources": list(dict.fromkeys(c.source for c in s.event.citations)),
            }
            for s in self.history
        ]
        return contract.envelope(
            "history",
            **contract.lens(self.store),
            term=self.term.id,
            label=self.term.label,
            values=values,
        )

    def grids(self) -> list[Grid]:
        rows = [
            (
                term_value(s.value),
                s.holds_from.iso,
                known_date(self.store, s.event).iso,
                s.event.id,
                s.event.status,
                doubt_text(s.event),
                mark(event_audit(self.store, s.event)),
                ";".join(dict.fromkeys(c.source for c in s.event.citations)),
            )
            for s in self.history
        ]
        columns = ("value", "holds from", "known", "event", "status", "doubt", "sourcing")
        return [Grid(self.term.label, (*columns, "sources"), rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.history import history_view

        return history_view(self.store, self.term, self.history)
