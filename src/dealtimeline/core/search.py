"""`--search`: where it looks in an event, how it compares text, and what a name that is
no company may stand for instead (a deal, or words the sources use)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from dealtimeline.core.model import Event, Store, name_key
from dealtimeline.core.patterns import LazyPattern

# Where `--search` looks, in the order a match is reported: the event's own words, then
# what its sources say and who they are.
SEARCH_FIELDS = ("title", "summary", "quote", "publisher", "source title")


@dataclass(frozen=True, repr=False)
class Match:
    """Where a search found `needle` in an event: the field and that field's whole text."""

    field: str
    text: str
    needle: str


def searched_texts(store: Store, event: Event) -> list[tuple[str, str]]:
    """Every (field, text) `--search` looks in, in SEARCH_FIELDS order."""
    texts = [("title", event.title), ("summary", event.summary or "")]
    texts += [("quote", c.quote) for c in event.citations]
    sources = [store.sources[s] for s in dict.fromkeys(c.source for c in event.citations)]
    texts += [("publisher", source.publisher) for source in sources]
    texts += [("source title", source.title) for source in sources]
    return texts


# Typographic quotes read as the plain ones: a phrase pasted from an article
# (with U+2019 for the apostrophe) finds the store's "Microsoft's", and the other way round.
_PLAIN_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
)


_ACCENTS = LazyPattern("[\u0300-\u036f]")
"""The combining accents that canonical decomposition takes off a letter (ñ: n and ~)."""


def search_key(text: str) -> str:
    """`text` as a search compares it: any case, typographic quotes as plain ones, and
    accents off (`Dona Ana` finds `Doña Ana`)."""
    folded = text.casefold().translate(_PLAIN_QUOTES)
    if folded.isascii():
        return folded
    return _ACCENTS.sub("", unicodedata.normalize("NFD", folded))


def match(store: Store, event: Event, text: str) -> Match | None:
    """The first field of the event holding `text` (as `search_key` compares), or None."""
    needle = search_key(text)
    for field_name, value in searched_texts(store, event):
        if needle in search_key(value):
            return Match(field_name, value, text)
    return None


def matches(store: Store, events: Iterable[Event], text: str | None) -> dict[str, Match]:
    """Each event's match for `text` by event id (nothing when there is no search)."""
    if not text:
        return {}
    found = {event.id: match(store, event, text) for event in events}
    return {event_id: hit for event_id, hit in found.items() if hit is not None}


@dataclass(frozen=True, repr=False)
class OtherMeanings:
    """What a name that is no company stands for instead: the deals it names (by id or
    by a word of their name) and how many events `--search` finds it in."""

    deals: tuple[str, ...]
    mentions: int


def other_meanings(store: Store, name: str) -> OtherMeanings:
    """The deals `name` names (by id or whole name first) and the events that mention it."""
    key = name_key(name)
    named = [d for d in store.deals.values() if key in (d.id, name_key(d.name))]
    named += [d for d in store.deals.values() if key in name_key(d.name).split()]
    deals = tuple(dict.fromkeys(deal.id for deal in named)) if key else ()
    mentions = sum(match(store, event, key) is not None for event in store.events) if key else 0
    return OtherMeanings(deals, mentions)
