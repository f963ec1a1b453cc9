"""The doubt on an event in words, the same in every view and every format: its status,
the aspects its sources dispute and who says what instead.

The core decides what is disputed (`Citation.disputes`, `Event.aspects`); this only says
it: `date?` in a list, `disputed date: adwaitx.com says 2025-11-02` in full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dealtimeline.core.model import UNSPECIFIED

if TYPE_CHECKING:
    from dealtimeline.core.model import Citation, Event, Store

# The short mark of each aspect, as a list shows it.
ASPECT_MARKS = {
    "date": "date?",
    "amount": "amount?",
    "parties": "parties?",
    "terms": "terms?",
    "occurred": "happened?",
    UNSPECIFIED: "disputed",
}
# The aspect as a word in a field: whether it happened is `happened`, as `list` marks it.
ASPECT_NAMES = {"occurred": "happened", UNSPECIFIED: "unspecified aspect"}
# The aspect in a sentence: "disputed date", "disputed: whether it happened".
ASPECT_WORDS = {
    "date": "disputed date",
    "amount": "disputed amount",
    "parties": "disputed parties",
    "terms": "disputed terms",
    "occurred": "disputed: whether it happened",
    UNSPECIFIED: "disputed",
}


def aspect_marks(event: Event) -> list[str]:
    """The marks of the aspects disputed (`date?`, `happened?`), each once."""
    return [ASPECT_MARKS[aspect] for aspect in event.aspects]


def doubt_marks(event: Event) -> list[str]:
    """Every mark of doubt on an event: `reported`, then its disputed aspects."""
    return (["reported"] if event.reported else []) + aspect_marks(event)


def doubt_text(event: Event) -> str:
    """The marks as one cell: `reported; date?`, or empty."""
    return "; ".join(doubt_marks(event))


def claim_words(claims: str, aspect: str, currency: str) -> str:
    if aspect == "occurred":
        return "it happened" if claims == "true" else "it did not happen"
    if aspect == "amount":
        from dealtimeline.core.values import money

        value = float(claims) if "." in claims else int(claims)
        return money(value, currency)
    return claims


def dispute_line(store: Store, event: Event, citation: Citation) -> str:
    """`disputed date: adwaitx.com says 2025-11-02 (note)` for a disputing citation."""
    publisher = store.sources[citation.source].publisher
    aspects = list(citation.disputes)
    head = ASPECT_WORDS[aspects[0]] if len(aspects) == 1 else "disputed " + ", ".join(aspects)
    line = f"{head}: {publisher}"
    if citation.claims is not None:
        currency = event.amount.currency if event.amount else "USD"
        line += f" says {claim_words(citation.claims, aspects[0], currency)}"
    if citation.note:
        line += f" ({citation.note})"
    return line


def role_line(store: Store, citation: Citation) -> str:
    """`other basis: EconoTimes ($41B...)` or `context: The Register (...)`."""
    publisher = store.sources[citation.source].publisher
    head = "other basis" if citation.role == "other-basis" else "context"
    return f"{head}: {publisher}" + (f" ({citation.note})" if citation.note else "")


def doubt_data(event: Event) -> dict[str, Any]:
    """The event's doubt as plain data for the JSON contract and the exports."""
    return {
        "status": event.status,
        "disputed": list(event.aspects),
        "in_doubt": event.in_doubt,
        "confirmed": event.confirmed,
    }
