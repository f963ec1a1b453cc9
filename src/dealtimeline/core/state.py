"""The state of the deals at a moment, and what changed between two moments.

The state at day T maps each term to the latest change in effect at T (latest effective
day; ties go to the later position in the file). A change that `ends` a term leaves the
term with no value; each value keeps the event that set it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from dealtimeline.core.dates import PartialDate, in_effect_from
from dealtimeline.core.model import Change, Event, Store, Term

Status = Literal["added", "changed", "ended", "unchanged"]
_REVERSED: dict[Status, Status] = {
    "added": "ended",
    "ended": "added",
    "changed": "changed",
    "unchanged": "unchanged",
}


@dataclass(frozen=True, repr=False)
class Setting:
    """A term's value from one change: `value` is None when the change ends the term."""

    term: str
    value: str | None
    event: Event
    change: Change

    @property
    def effective(self) -> PartialDate:
        """The date the change takes effect, with its precision."""
        return self.change.effective or self.event.date

    @property
    def since(self) -> date:
        """The first day the value holds: its `since` when the store dates its start,
        otherwise the day its change takes effect."""
        if self.change.since is not None:
            return self.change.since.start
        return in_effect_from(self.change.effective, self.event.date)

    @property
    def holds_from(self) -> PartialDate:
        """The date the value holds from, with its precision: `since`, else effective."""
        return self.change.since or self.effective

    def approximate_at(self, day: date) -> bool:
        """True when the effective date's span straddles `day`: it may not be in effect yet."""
        return self.effective.straddles(day)


def settings_by_term(store: Store) -> dict[str, list[Setting]]:
    """Every change of every term, in the order they take effect (computed once a store)."""
    return store.derived("settings by term", _settings_by_term)


def _settings_by_term(store: Store) -> dict[str, list[Setting]]:
    ordered: dict[str, list[tuple[tuple[int, int, int], Setting]]] = {t: [] for t in store.terms}
    for event in store.events:
        for index, change in enumerate(event.changes):
            setting = Setting(change.term, change.value, event, change)
            key = (setting.since.toordinal(), event.position, index)
            ordered[change.term].append((key, setting))
    return {
        term: [s for _, s in sorted(pairs, key=lambda p: p[0])] for term, pairs in ordered.items()
    }


def state_at(store: Store, day: date) -> dict[str, Setting]:
    """The setting in effect on `day` for each term that has had a change by then."""
    state: dict[str, Setting] = {}
    for term, settings in settings_by_term(store).items():
        current = _at(settings, day)
        if current is not None:
            state[term] = current
    return state


def upcoming(store: Store, start: date, end: date) -> tuple[Setting, ...]:
    """Changes announced in [start, end] that take effect only after `end`."""
    return tuple(
        setting
        for settings in settings_by_term(store).values()
        for setting in settings
        if start <= setting.event.date.start <= end < setting.since
    )


@dataclass(frozen=True, repr=False)
class Segment:
    """A span of days over which a term held one value (None: no value)."""

    start: date
    end: date
    setting: Setting | None

    @property
    def value(self) -> str | None:
        return value_of(self.setting)


def segments(settings: list[Setting], start: date, end: date) -> list[Segment]:
    """A term's successive values between two days, each with the setting behind it;
    values restated by a later setting are merged into one segment."""
    result: list[Segment] = []
    current = _at(settings, start)
    since = start
    for setting in settings:
        if setting.since <= start:
            continue
        if setting.since > end:
            break
        if value_of(setting) == value_of(current):
            continue
        result.append(Segment(since, setting.since - timedelta(days=1), current))
        current, since = setting, setting.since
    result.append(Segment(since, end, current))
    return result


def value_of(setting: Setting | None) -> str | None:
    return setting.value if setting is not None else None


def value_before(store: Store, event: Event, change: Change) -> Setting | None:
    """The setting that `change` replaces: the latest one in effect before it."""
    previous = None
    for setting in settings_by_term(store)[change.term]:
        if setting.change is change and setting.event is event:
            return previous
        previous = setting
    return previous


@dataclass(frozen=True, repr=False)
class TermDiff:
    """One term between two moments; `cause` is the setting that made the difference."""

    term: Term
    status: Status
    before: Setting | None
    after: Setting | None
    cause: Setting | None
    steps: tuple[Setting, ...]
    approximate: bool

    @property
    def before_value(self) -> str | None:
        return value_of(self.before)

    @property
    def after_value(self) -> str | None:
        return value_of(self.after)

    @property
    def began(self) -> bool:
        """An added term whose value the store dates (`since`) inside the period: it
        began then. An added term without one was only first recorded then."""
        return (
            self.status == "added"
            and self.cause is not None
            and self.cause.change.since is not None
        )

    @property
    def value_steps(self) -> tuple[Setting, ...]:
        """The steps that changed the value; a step that only restates it is left out."""
        steps: list[Setting] = []
        current = self.before_value if self.status != "added" else None
        for step in self.steps:
            if step.value != current:
                steps.append(step)
                current = step.value
        return tuple(steps)


@dataclass(frozen=True, repr=False)
class Diff:
    """The state at the end of `start` against the state at the end of `end`."""

    start: PartialDate
    end: PartialDate
    terms: tuple[TermDiff, ...]
    events: tuple[Event, ...]
    upcoming: tuple[Setting, ...] = ()
    backwards: bool = False
    known: bool = False

    def with_status(self, status: Status) -> tuple[TermDiff, ...]:
        return tuple(t for t in self.terms if t.status == status)

    def via(self, entry: TermDiff) -> tuple[Setting, ...]:
        """The values `entry`'s term passed through before the change that made the
        difference; none when the diff runs backwards (its steps are undone, not passed)."""
        if self.backwards:
            return ()
        return tuple(step for step in entry.value_steps if step is not entry.cause)


def diff(store: Store, start: PartialDate, end: PartialDate) -> Diff:
    """What changed from the end of `start` to the end of `end`; the reverse when end < start."""
    if end.end < start.end:
        return _reverse(diff(store, end, start))
    first, last = start.end, end.end
    by_term = settings_by_term(store)
    terms = _term_diffs(store, by_term, by_term, first, last)
    events = tuple(e for e in store.events if first < e.date.start <= last)
    # Announced after the first day, up to the last: none when they are the same day
    # (which may be the last day a date can hold, with no day after it).
    later = upcoming(store, first + timedelta(days=1), last) if first < last else ()
    return Diff(start, end, tuple(terms), events, later)


def known_diff(store: Store, start: PartialDate, end: PartialDate) -> Diff:
    """What the public learned from the end of `start` to the end of `end`: the state as
    known on the first day against the state as known on the last, whatever the dates of
    the events; the events in between are those that became known in between."""
    from dealtimeline.core.evidence import as_known_on, known_date

    if end.end < start.end:
        return _reverse(known_diff(store, end, start))
    first, last = start.end, end.end
    early, late = as_known_on(store, first), as_known_on(store, last)
    terms = _term_diffs(store, settings_by_term(early), settings_by_term(late), first, last)
    events = tuple(e for e in late.events if first < known_date(store, e).end <= last)
    return Diff(start, end, terms, events, known=True)


def _term_diffs(
    store: Store,
    early: dict[str, list[Setting]],
    late: dict[str, list[Setting]],
    first: date,
    last: date,
) -> tuple[TermDiff, ...]:
    """Each term's value on `first` in `early` against its value on `last` in `late`; the
    steps are the settings of `late` not yet in `early` or taking hold in between."""
    terms: list[TermDiff] = []
    for term_id, settings in late.items():
        before = _at(early[term_id], first)
        after = _at(settings, last)
        seen = {(s.event.id, id(s.change)) for s in early[term_id] if s.since <= first}
        steps = tuple(
            s for s in settings if s.since <= last and ((s.event.id, id(s.change)) not in seen)
        )
        status = _status(value_of(before), value_of(after))
        if status is None:
            continue
        cause = after if status != "unchanged" else None
        approximate = any(
            s is not None and (s.approximate_at(first) or s.approximate_at(last))
            for s in (before, cause)
        )
        terms.append(
            TermDiff(store.terms[term_id], status, before, after, cause, steps, approximate)
        )
    return tuple(terms)


def _at(settings: list[Setting], day: date) -> Setting | None:
    current = None
    for setting in settings:
        if setting.since > day:
            break
        current = setting
    return current


def _status(before: str | None, after: str | None) -> Status | None:
    if before is None and after is None:
        return None
    if before is None:
        return "added"
    if after is None:
        return "ended"
    return "unchanged" if before == after else "changed"


def _reverse(forward: Diff) -> Diff:
    """`diff B A` from `diff A B`: added and ended swap, before and after swap."""
    terms = tuple(
        replace(t, status=_REVERSED[t.status], before=t.after, after=t.before)
        for t in forward.terms
    )
    events = tuple(reversed(forward.events))
    return Diff(forward.end, forward.start, terms, events, (), True, forward.known)


def state_table(store: Store, day: date) -> Mapping[str, Setting | None]:
    """Every term, in the store's order, with its setting on `day` (None before any change)."""
    state = state_at(store, day)
    return {term: state.get(term) for term in store.terms}
