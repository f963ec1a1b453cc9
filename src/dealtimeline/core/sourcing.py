"""How one event is sourced: its supporting sources, their best grade, their independent
publishers and a score. `audit` reports on it; the timelines mark it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from dealtimeline.core.model import Citation, Event, Grade, Source, Store

GRADE_WEIGHTS: dict[Grade, int] = {"primary": 3, "press": 2, "copy": 1}
PUBLISHER_BONUS = 1

Flag = Literal["unsupported", "single source", "copies only", "no primary"]
GRADE_MARKS: dict[Grade | None, str] = {"primary": "★", "press": "●", "copy": "○", None: "✗"}


def publisher_name(source: Source) -> str:
    """The publisher as independence is judged: the name before any parenthesis, folded."""
    return " ".join(source.publisher.split("(", 1)[0].split()).casefold()


@dataclass(frozen=True, repr=False, eq=False)
class EventAudit:
    """One event's supporting sources, their best grade, their publishers and its score.
    The best grade is worked out once: the score, the flags and the views ask for it
    again and again (800,000 times for the audit of 100,000 events)."""

    event: Event
    sources: tuple[Source, ...]
    publishers: tuple[str, ...]
    # A supporting quote is a party's own words: read on a primary page, or marked with
    # the `speaker` of one of the event's companies.
    own_words: bool = False

    @cached_property
    def best(self) -> Grade | None:
        grades = [source.grade for source in self.sources]
        return max(grades, key=GRADE_WEIGHTS.__getitem__, default=None)

    @property
    def score(self) -> int:
        if self.best is None:
            return 0
        return GRADE_WEIGHTS[self.best] + PUBLISHER_BONUS * (len(self.publishers) - 1)

    @property
    def above_copy(self) -> bool:
        """True when a press or primary source supports the event (what --strict asks)."""
        return self.best in ("primary", "press")

    @property
    def flags(self) -> tuple[Flag, ...]:
        flags: list[Flag] = []
        if not self.sources:
            flags.append("unsupported")
        if len(self.sources) == 1:
            flags.append("single source")
        if self.best == "copy":
            flags.append("copies only")
        if self.best != "primary":
            flags.append("no primary")
        return tuple(flags)


def event_audit(store: Store, event: Event) -> EventAudit:
    ids = dict.fromkeys(c.source for c in event.citations if c.supports)
    sources = tuple(store.sources[source] for source in ids)
    publishers = tuple(dict.fromkeys(publisher_name(source) for source in sources))
    own_words = any(
        c.supports and (store.sources[c.source].grade == "primary" or c.speaker in event.companies)
        for c in event.citations
    )
    return EventAudit(event, sources, publishers, own_words)


def mark(sourcing: EventAudit) -> str:
    """The sourcing at a glance: the best grade's mark and the number of publishers (`●4`)."""
    return f"{GRADE_MARKS[sourcing.best]}{len(sourcing.publishers)}"


def by_grade(store: Store, citations: Sequence[Citation]) -> list[Citation]:
    """Citations with the best grade first, in their written order within a grade."""
    return sorted(citations, key=lambda c: -GRADE_WEIGHTS[store.sources[c.source].grade])


@dataclass(frozen=True, repr=False)
class Evidence:
    """An event's citations as `show` lists and numbers them: those that support it, then
    those that dispute it, then those that only give context, each part by grade."""

    supporting: tuple[Citation, ...]
    disputing: tuple[Citation, ...]
    context: tuple[Citation, ...]

    @property
    def numbered(self) -> tuple[Citation, ...]:
        """All of them in one run: the citation numbered N is `numbered[N - 1]`."""
        return self.supporting + self.disputing + self.context


def evidence(store: Store, event: Event) -> Evidence:
    def part(keep: Callable[[Citation], bool]) -> tuple[Citation, ...]:
        return tuple(by_grade(store, [c for c in event.citations if keep(c)]))

    return Evidence(
        part(lambda c: c.supports),
        part(lambda c: bool(c.disputes)),
        part(lambda c: c.role == "context"),
    )


def best_citation(store: Store, event: Event) -> Citation | None:
    """The citation to cite for an event: of those that support it, one published on
    or after the event's date (a page from before it supports an earlier part, such as
    where a value held `since`, not the event), then the best grade (primary, press,
    copy), then the earliest published (the first report rather than its later
    retellings), then the first written. None when nothing supports it: a source that
    disputes the event, or only gives context, is no citation for it."""

    def rank(numbered: tuple[int, Citation]) -> tuple[bool, int, tuple[int, int], int]:
        position, citation = numbered
        source = store.sources[citation.source]
        earlier = source.published.end < event.date.start
        return (earlier, -GRADE_WEIGHTS[source.grade], source.published.sort_key, position)

    supporting = [(n, c) for n, c in enumerate(event.citations) if c.supports]
    return min(supporting, key=rank)[1] if supporting else None
