"""How well each event is sourced, and where the store disagrees with itself without saying so.

The audit of a set of events (the ones the filters keep) holds:

- each event's supporting sources (citations without `disputes`), their best grade, their
  distinct publishers and a score: the best grade's weight (primary 3, press 2, copy 1,
  0 with no supporting source) plus 1 for each distinct publisher after the first. A
  publisher is its name before any parenthesis, so "The Register (copy at example.com)"
  and "The Register" count once;
- the reported and the disputed events;
- conflicts the store does not declare (see `same_day`, `restatements`, `amounts`); a
  conflict is declared when one of its events is disputed;
- the sources no event cites (over the whole store), and the citations whose source has
  neither a url nor an archive file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Literal

from dealtimeline.core.model import ASPECTS, UNSPECIFIED, Amount, Citation, Event, Source, Store
from dealtimeline.core.sourcing import EventAudit, event_audit, publisher_name
from dealtimeline.core.state import Setting, settings_by_term, value_before

# Words that make an event's title say the terms stand (whole words, any case).
RESTATING_WORDS = (
    "unchanged",
    "kept",
    "keeps",
    "remain",
    "remains",
    "stay",
    "stays",
    "continue",
    "continues",
    "reaffirm",
    "reaffirms",
    "reaffirmed",
)
_RESTATING = re.compile(r"\b(" + "|".join(RESTATING_WORDS) + r")\b", re.IGNORECASE)

ConflictKind = Literal["same day", "restatement", "amount"]


@dataclass(frozen=True, repr=False)
class Conflict:
    """A disagreement inside the store; each kind has its own class with what it found."""

    kind: ConflictKind
    term: str | None
    events: tuple[Event, ...]

    @property
    def declared(self) -> bool:
        """True when a disputing citation on one of its events already says so."""
        return any(event.disputed for event in self.events)


@dataclass(frozen=True, repr=False)
class SameDay(Conflict):
    """`settings` of one term take effect on the same `day` with different values; the
    state keeps the last one only because it comes later in the file."""

    settings: tuple[Setting, ...]
    day: date


@dataclass(frozen=True, repr=False)
class Restating:
    """Why an event claims the terms stand: its kind `statement` (`word` None), or a
    `word` of its title."""

    word: str | None = None


@dataclass(frozen=True, repr=False)
class Restatement(Conflict):
    """`event` claims the terms stand (`why`) but changes `term` from the value `before`
    set to `value`."""

    event: Event
    why: Restating
    before: Setting
    value: str | None


@dataclass(frozen=True, repr=False)
class AmountClash(Conflict):
    """Two events of one deal give different amounts. They are one deal because both set
    `term` to `value`, or, when `term` is None, share a day, a kind and their companies."""

    amounts: tuple[Amount, Amount]
    value: str | None


@dataclass(frozen=True, repr=False)
class Unlocated:
    """A citation whose source has neither a url nor an archive file: nobody can check it."""

    event: Event
    citation: Citation


@dataclass(frozen=True, repr=False)
class Summary:
    """The counts behind the audit's first line."""

    events: int
    with_primary: int
    single_sourced: int
    disputed: int
    undeclared_conflicts: int
    # The disputed events on each aspect, in the order of ASPECTS (unspecified last);
    # an event disputed on two aspects counts under both.
    by_aspect: tuple[tuple[str, int], ...] = ()
    # The official (not reported) events, and those of them with a party's own words.
    official: int = 0
    official_own_words: int = 0
    # The publisher that supports the most events, and how many (ties: first by name).
    top_publisher: tuple[str, int] | None = None


def percent(part: int, whole: int) -> str:
    """A share as a whole percentage, rounded half up; 0% of nothing."""
    return f"{(200 * part + whole) // (2 * whole) if whole else 0}%"


@dataclass(frozen=True, repr=False)
class Audit:
    """The findings for a set of events; see the module's docstring."""

    events: tuple[EventAudit, ...]
    conflicts: tuple[Conflict, ...]
    uncited: tuple[Source, ...]
    unlocated: tuple[Unlocated, ...]

    @property
    def reported(self) -> tuple[Event, ...]:
        return tuple(a.event for a in self.events if a.event.reported)

    @property
    def disputed(self) -> tuple[Event, ...]:
        return tuple(a.event for a in self.events if a.event.disputed)

    @property
    def undeclared(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if not c.declared)

    @property
    def declared(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if c.declared)

    @property
    def weak(self) -> tuple[EventAudit, ...]:
        """The events with no source above `copy`: what makes `--strict` fail."""
        return tuple(a for a in self.events if not a.above_copy)

    @property
    def summary(self) -> Summary:
        official = [a for a in self.events if not a.event.reported]
        return Summary(
            events=len(self.events),
            with_primary=sum(1 for a in self.events if a.best == "primary"),
            single_sourced=sum(1 for a in self.events if len(a.sources) == 1),
            disputed=len(self.disputed),
            undeclared_conflicts=len(self.undeclared),
            by_aspect=_by_aspect(self.disputed),
            official=len(official),
            official_own_words=sum(1 for a in official if a.own_words),
            top_publisher=_top_publisher(self.events),
        )


def _top_publisher(events: Sequence[EventAudit]) -> tuple[str, int] | None:
    """The publisher among the most events' supporting sources: events rest on it."""
    counts: defaultdict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for sourcing in events:
        for source in sourcing.sources:
            key = publisher_name(source)
            names.setdefault(key, " ".join(source.publisher.split("(", 1)[0].split()))
        for key in sourcing.publishers:
            counts[key] += 1
    if not counts:
        return None
    key = min(counts, key=lambda k: (-counts[k], k))
    return names[key], counts[key]


def _by_aspect(events: Sequence[Event]) -> tuple[tuple[str, int], ...]:
    counts = {a: sum(1 for e in events if a in e.aspects) for a in (*ASPECTS, UNSPECIFIED)}
    return tuple((aspect, count) for aspect, count in counts.items() if count)


def audit(store: Store, events: Sequence[Event]) -> Audit:
    """The audit of `events`; conflicts are those that involve at least one of them."""
    selected = {event.id for event in events}
    conflicts = [
        conflict
        for conflict in (*same_day(store), *restatements(store), *amounts(store))
        if selected.intersection(event.id for event in conflict.events)
    ]
    cited = {c.source for event in store.events for c in event.citations}
    unlocated = tuple(
        Unlocated(event, citation)
        for event in events
        for citation in event.citations
        if not (store.sources[citation.source].url or store.sources[citation.source].archive)
    )
    return Audit(
        events=tuple(event_audit(store, event) for event in events),
        conflicts=tuple(conflicts),
        uncited=tuple(s for s in store.sources.values() if s.id not in cited),
        unlocated=unlocated,
    )


def same_day(store: Store) -> list[SameDay]:
    """Changes of one term, taking effect on the same day, to different values.

    The state then keeps whichever comes later in the file: an order nobody chose, unless
    the event it keeps supersedes the events of the others (a confirmation that replaces
    the report it confirms).
    """
    conflicts: list[SameDay] = []
    for term, settings in settings_by_term(store).items():
        by_day: defaultdict[date, list[Setting]] = defaultdict(list)
        for setting in settings:
            by_day[setting.since].append(setting)
        for day, group in by_day.items():
            if len({s.value for s in group}) < 2 or _chosen(group):
                continue
            events = tuple(dict.fromkeys(s.event for s in group))
            conflicts.append(SameDay("same day", term, events, tuple(group), day))
    return conflicts


def _chosen(group: list[Setting]) -> bool:
    """True when the setting the state keeps (the last) comes from an event that
    supersedes the event of every other setting in `group`: the store chose the order."""
    kept = group[-1].event
    return all(s.event.id in kept.supersedes for s in group[:-1])


def restating(event: Event) -> Restating | None:
    """Why an event claims the terms stand: its kind `statement`, or a word of its title."""
    if event.kind == "statement":
        return Restating()
    found = _RESTATING.search(event.title)
    return Restating(found.group()) if found else None


def restatements(store: Store) -> list[Restatement]:
    """Changes of an event that claims the terms stand, to a value other than the one in
    effect. Repeating the value in effect is a restatement; a term with no value yet may
    take its first one (the store learns it there)."""
    conflicts: list[Restatement] = []
    for event in store.events:
        why = restating(event)
        if why is None:
            continue
        for change in event.changes:
            before = value_before(store, event, change)
            if before is None or before.value == change.value:
                continue
            events = (before.event, event)
            conflicts.append(
                Restatement("restatement", change.term, events, event, why, before, change.value)
            )
    return conflicts


@dataclass(frozen=True, repr=False)
class _Deal:
    """What two events share when they record one deal: a term set to a value, or (with
    `term` None) a day, a kind and companies."""

    key: Hashable
    term: str | None = None
    value: str | None = None


def _deals(event: Event) -> list[_Deal]:
    """Each change of a term to a value; and the day, kind and companies when the date is
    written to the day (a year or a month is too coarse to make two events one)."""
    deals = [
        _Deal(("change", c.term, c.value), c.term, c.value) for c in event.changes if not c.ends
    ]
    if event.date.precision == "day":
        deals.append(_Deal(("day", event.date, event.kind, frozenset(event.companies))))
    return deals


def amounts(store: Store) -> list[AmountClash]:
    """Two events of the same deal whose amounts differ. Two events are the same deal when
    they set a term to the same value, or share a day, a kind and their companies."""
    by_deal: defaultdict[_Deal, list[tuple[Event, Amount]]] = defaultdict(list)
    for event in store.events:
        if (amount := event.amount) is not None:
            for deal in _deals(event):
                by_deal[deal].append((event, amount))
    order = {event.id: index for index, event in enumerate(store.events)}
    found: dict[tuple[int, int], AmountClash] = {}
    for deal, events in by_deal.items():
        for (first, one), (second, other) in combinations(events, 2):
            pair = (order[first.id], order[second.id])
            if pair in found or (one.value, one.currency) == (other.value, other.currency):
                continue
            found[pair] = AmountClash(
                "amount", deal.term, (first, second), (one, other), deal.value
            )
    return [found[pair] for pair in sorted(found)]
