"""Whose words a quote is, the same in every view: a citation with `speaker` carries a
company's own statement as quoted by a page that is not that company's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dealtimeline.core.sanitize import one_line

if TYPE_CHECKING:
    from dealtimeline.core.model import Citation, Store


def speaker_words(store: Store, citation: Citation) -> str | None:
    """`OpenAI's words, as quoted` for a citation with a speaker; None without one."""
    if citation.speaker is None:
        return None
    return f"{one_line(store.companies[citation.speaker].name)}'s words, as quoted"
