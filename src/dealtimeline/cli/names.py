"""What a name typed on the command line stands for, and what to type instead when it
stands for something else than was asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dealtimeline.core.model import Company, Store


def company(store: Store, name: str) -> Company:
    """The company `name` stands for; a usage error otherwise, which says what to type
    instead when the name is a deal's or a word the events use (`--company stargate`)."""
    from dealtimeline.core.errors import DealtimelineError
    from dealtimeline.core.query import companies_beginning, resolve_company
    from dealtimeline.core.search import other_meanings

    try:
        return resolve_company(store, name)
    except DealtimelineError:
        instead = other_meanings(store, name)
        if not (instead.deals or instead.mentions):
            raise
        begun = companies_beginning(store, name)[:3]
        close = [f"Did you mean: {', '.join(begun)}?"] if begun else []
        said = _instead(name, instead.deals, instead.mentions)
        raise DealtimelineError.usage(f"no company '{name}'", " ".join([*close, said])) from None


def _instead(name: str, deals: tuple[str, ...], mentions: int) -> str:
    """`'stargate' names a deal: dealtimeline list --deal stargate; 14 events mention
    it: dealtimeline list --search stargate` (the second deal it names, if any, too)."""
    import shlex

    from dealtimeline.core.values import plural

    said = []
    if deals:
        also = "".join(f" (or --deal {shlex.quote(d)})" for d in deals[1:2])
        said.append(
            f"'{name}' names a deal: dealtimeline list --deal {shlex.quote(deals[0])}{also}"
        )
    if mentions:
        words = f"{plural(mentions, 'event')} {'mentions' if mentions == 1 else 'mention'} it"
        said.append(f"{words}: dealtimeline list --search {shlex.quote(name)}")
    return "; ".join(said)
