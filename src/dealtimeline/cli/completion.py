"""Shell completion of the store's own names: companies, kinds, event, term and source ids.

Each function reads the store the command line names (or the default one) through the
parse cache; a store that cannot be read completes nothing rather than failing.

Store text reaches the shell made safe like every other output: a description on one
line with its controls shown as escapes, never read as Rich markup; a value only when it
can be typed back as it is (no white space, nothing unsafe).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import FishComplete, ZshComplete

from dealtimeline.core.model import KINDS, Store
from dealtimeline.core.sanitize import one_line, visible

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
    return [
        (value, one_line(help_))
        for value, help_ in choices
        if value.startswith(incomplete) and _typable(value)
    ]


def _typable(value: str) -> bool:
    return bool(value) and visible(value) == value and not any(c.isspace() for c in value)


def _zsh_escape(text: str) -> str:
    """As typer escapes for zsh's `_arguments '*: :(("value":"description"))'`."""
    for character, escaped in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`")):
        text = text.replace(character, escaped)
    return text.replace(":", r"\\:")


class _Zsh(ZshComplete):
    """typer's zsh completion, but a description is written as it is, not read as Rich
    markup (a `[/x]` in a name raised MarkupError) nor wrapped over lines."""

    def format_completion(self, item: CompletionItem) -> str:
        value = _zsh_escape(item.value)
        return f'"{value}":"{_zsh_escape(item.help)}"' if item.help else f'"{value}"'


class _Fish(FishComplete):
    """typer's fish completion, `value<TAB>description`, the description not read as markup."""

    def format_completion(self, item: CompletionItem) -> str:
        return f"{item.value}\t{' '.join(item.help.split())}" if item.help else item.value


def use_safe_shells(*_: Any) -> None:
    """Replace typer's zsh and fish completion classes (registered as each run begins)."""
    add_completion_class(_Zsh, "zsh")
    add_completion_class(_Fish, "fish")


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


def aspects(incomplete: str) -> list[str]:
    """The aspects `--disputed` takes."""
    from dealtimeline.core.model import ASPECTS

    return [a for a in ASPECTS if a.startswith(incomplete)]


def deals(ctx: typer.Context, incomplete: str) -> Choices:
    """Deal ids, each with its name."""
    store = _store(ctx)
    if store is None:
        return []
    return _starting([(d.id, d.name) for d in store.deals.values()], incomplete)


def measures(incomplete: str) -> Choices:
    from dealtimeline.core.model import MEASURES

    return _starting([(m, "measure") for m in MEASURES], incomplete)


def sorts(incomplete: str) -> Choices:
    from dealtimeline.core.quantities import SORTS

    return _starting([(s, "order") for s in SORTS], incomplete)


def cite_formats(incomplete: str) -> Choices:
    from dealtimeline.serialize.citation import CITE_FORMATS

    return _starting([(f, "citation format") for f in CITE_FORMATS], incomplete)
