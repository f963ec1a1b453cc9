"""Shell completion of the store's own names: companies, kinds, event, term and source ids.

Each function reads the store the command line names (or the default one) through the
parse cache; a store that cannot be read completes nothing rather than failing.
"""

from __future__ import annotations

from pathlib import Path

import typer

from dealtimeline.core.model import KINDS, Store

Choices = list[tuple[str, str]]


def _store(ctx: typer.Context) -> Store | None:
    from dealtimeline.core.errors import DealtimelineError
    from dealtimeline.store import cache
    from dealtimeline.store.locate import store_path

    option = ctx.params.get("store") or ctx.find_root().params.get("store")
    try:
        return cache.load(store_path(Path(option) if option else None), cache.cache_enabled(False))
    except (DealtimelineError, OSError):
        return None


def _starting(choices: Choices, incomplete: str) -> Choices:
    return [(value, help_) for value, help_ in choices if value.startswith(incomplete)]


def companies(ctx: typer.Context, incomplete: str) -> Choices:
    """Company ids and aliases (the command line takes any case; completion is as written)."""
    store = _store(ctx)
    if store is None:
        return []
    choices: Choices = []
    for company in store.companies.values():
        choices.append((company.id, company.name))
        choices += [(alias, f"alias of {company.name}") for alias in company.aliases]
    return _starting(choices, incomplete)


def kinds(incomplete: str) -> Choices:
    return _starting([(kind, "kind") for kind in KINDS], incomplete)


def events(ctx: typer.Context, incomplete: str) -> Choices:
    """Event ids, each with its date and title."""
    store = _store(ctx)
    if store is None:
        return []
    choices = [(e.id, f"{e.date.display} {e.title}") for e in store.events]
    return _starting(choices, incomplete)


def terms(ctx: typer.Context, incomplete: str) -> Choices:
    store = _store(ctx)
    return (
        []
        if store is None
        else _starting([(t.id, t.label) for t in store.terms.values()], incomplete)
    )


def sources(ctx: typer.Context, incomplete: str) -> Choices:
    store = _store(ctx)
    if store is None:
        return []
    choices = [(s.id, f"{s.publisher}, {s.published.display}") for s in store.sources.values()]
    return _starting(choices, incomplete)
