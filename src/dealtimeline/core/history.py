"""Each term's history: every value it took, in the order they hold."""

from __future__ import annotations

from dealtimeline.core.model import Store, Term
from dealtimeline.core.state import Setting, settings_by_term


def resolve_term(store: Store, term_id: str) -> Term:
    """The term with this id; did-you-mean otherwise."""
    from dealtimeline.core.query import resolve_id

    return resolve_id(store.terms, term_id, "term", "terms")


def term_history(store: Store, term: Term) -> tuple[Setting, ...]:
    """Every value the term took, in the order they hold (a value's `since` first)."""
    return tuple(settings_by_term(store)[term.id])


def latest(store: Store, term: Term) -> Setting | None:
    """The term's last value in the store, whenever it holds."""
    history = term_history(store, term)
    return history[-1] if history else None
