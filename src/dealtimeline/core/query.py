"""Selecting events: company names, kinds, periods, text and disputes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import KINDS, Company, Deal, Event, Store, name_key
from dealtimeline.core.quantities import (
    Quantity,
    capacity_at_least,
    money_at_least,
    sorted_events,
)

ANY_ASPECT = "any"


@dataclass(frozen=True, repr=False, eq=False)
class Filters:
    """What `list`, `export` and `show --company` keep. Empty fields keep everything.

    `since` and `until` place an event at the first day of its span, so that `--since P`
    and `--until` the period before P split the events in two; `during` keeps every
    event whose span overlaps the period.
    """

    companies: tuple[str, ...] = ()
    all_companies: bool = False
    kinds: tuple[str, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    during: PartialDate | None = None
    search: str | None = None
    disputed: str | None = None
    confirmed: bool = False
    reverse: bool = False
    limit: int | None = None
    deals: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    min_amount: Quantity | None = None
    max_amount: Quantity | None = None
    min_capacity: Quantity | None = None
    sort: str = "date"

    def keeps(self, store: Store, event: Event) -> bool:
        """Whether the event passes every filter (the store names its sources' words)."""
        if self.search:
            from dealtimeline.core.search import match  # only a search needs it

            if match(store, event, self.search) is None:
                return False
        return self._keeps_dated(event) and self._keeps_money(event)

    def _keeps_money(self, event: Event) -> bool:
        """The deal, measure, amount and capacity filters."""
        if self.deals and event.deal not in self.deals:
            return False
        measure = event.amount.measure if event.amount is not None else None
        if self.measures and measure not in self.measures:
            return False
        if self.min_amount is not None and not money_at_least(event, self.min_amount):
            return False
        if self.max_amount is not None and not money_at_least(event, self.max_amount, True):
            return False
        return self.min_capacity is None or capacity_at_least(event, self.min_capacity)

    def _keeps_dated(self, event: Event) -> bool:
        if self.companies:
            wanted = set(self.companies)
            present = wanted.intersection(event.companies)
            if not present or (self.all_companies and present != wanted):
                return False
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.since is not None and event.date.start < self.since.start:
            return False
        if self.until is not None and event.date.start > self.until.end:
            return False
        if self.during is not None and not event.date.overlaps(self.during):
            return False
        if self.disputed is not None and not _disputes(event, self.disputed):
            return False
        return not (self.confirmed and not event.confirmed)


def _disputes(event: Event, aspect: str) -> bool:
    """Disputed at all (`any`), or on that aspect."""
    return event.disputed if aspect == ANY_ASPECT else aspect in event.aspects


def select(store: Store, filters: Filters) -> list[Event]:
    """The events the filters keep, in date order (newest first with `reverse`)."""
    events = [event for event in store.events if filters.keeps(store, event)]
    events = sorted_events(events, filters.sort, filters.reverse)
    if filters.limit is not None:
        events = events[: filters.limit]
    return events


def company_names(store: Store) -> dict[str, str]:
    """Every way to name a company on the command line, lower-cased, to its id."""
    names: dict[str, str] = {}
    for company in store.companies.values():
        for name in (company.id, company.name, *company.aliases):
            names.setdefault(name_key(name), company.id)
    return names


def resolve_company(store: Store, name: str) -> Company:
    """The company an id, name or alias (any case) stands for; a usage error otherwise,
    suggesting the companies whose names begin with it, then those spelled alike."""
    names = company_names(store)
    found = names.get(name_key(name))
    if found is not None:
        return store.companies[found]
    key = name_key(name)
    spelled = _spellings(store)
    suggested = _beginning(spelled, key)
    for alike in difflib.get_close_matches(key, list(spelled), n=3, cutoff=0.6):
        spelling, company_id = spelled[alike]
        suggested.setdefault(company_id, spelling)
    close = list(suggested.values())
    if close:
        fix = "Did you mean: " + ", ".join(close[:3]) + "?"
    else:
        fix = "Run 'dealtimeline companies' to see them."
    raise DealtimelineError.usage(f"no company '{name}'", fix)


def _spellings(store: Store) -> dict[str, tuple[str, str]]:
    """Each company's id and aliases, compared as `name_key` does: the spelling to
    suggest, and the company's id."""
    spelled: dict[str, tuple[str, str]] = {}
    for company in store.companies.values():
        for known in (company.id, *company.aliases):
            spelled.setdefault(name_key(known), (known, company.id))
    return spelled


def companies_beginning(store: Store, name: str) -> list[str]:
    """The companies whose id or an alias begins with `name` (two characters at least):
    each by its id, or by the alias that begins with it."""
    return list(_beginning(_spellings(store), name_key(name)).values())


def _beginning(spelled: dict[str, tuple[str, str]], key: str) -> dict[str, str]:
    """`companies_beginning` by company id, in the order of their spellings."""
    if len(key) < 2:
        return {}
    found: dict[str, str] = {}
    for known, (spelling, company_id) in spelled.items():
        if known.startswith(key):
            found.setdefault(company_id, company_id if company_id.startswith(key) else spelling)
    return dict(sorted(found.items(), key=lambda item: name_key(item[1])))


def resolve_companies(store: Store, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(resolve_company(store, name).id for name in names))


def resolve_kinds(kinds: Sequence[str]) -> tuple[str, ...]:
    resolved: list[str] = []
    for kind in kinds:
        cleaned = kind.strip().lower()
        if cleaned not in KINDS:
            close = difflib.get_close_matches(cleaned, KINDS, n=1, cutoff=0.5)
            hint = f"Did you mean: {close[0]}? " if close else ""
            raise DealtimelineError.usage(f"no kind '{kind}'", hint + "Kinds: " + ", ".join(KINDS))
        resolved.append(cleaned)
    return tuple(dict.fromkeys(resolved))


def resolve_event(store: Store, event_id: str, whole: Store | None = None) -> Event:
    """The event `event_id` of `store`. When `store` is `whole` read through a lens
    (--known-at, --confirmed) that leaves the event out, the error says which lens."""
    event = store.event(event_id)
    if event is not None:
        return event
    if whole is not None and (hidden := whole.event(event_id)) is not None:
        error = _left_out(store, whole, hidden)
        if error is not None:
            raise error
    ids = [e.id for e in store.events]
    close = difflib.get_close_matches(event_id, ids, n=3, cutoff=0.5)
    fix = (
        f"Did you mean: {', '.join(close)}?" if close else "Run 'dealtimeline list' to see the ids."
    )
    raise DealtimelineError.usage(f"no event '{event_id}'", fix)


def _left_out(store: Store, whole: Store, event: Event) -> DealtimelineError | None:
    """Why the lens left `event` out: not yet public on --known-at's day, or not confirmed."""
    from dealtimeline.core.evidence import known_date

    if store.known_at is not None:
        public = known_date(whole, event)
        if public.end > store.known_at:
            return DealtimelineError.usage(
                f"event '{event.id}' was not yet public on {store.known_at.isoformat()}",
                f"It was first published on {public.iso}: try --known-at {public.end.isoformat()}"
                " or later.",
            )
    if store.confirmed and not event.confirmed:
        why = "it is reported, not official" if event.reported else "a source disputes it"
        return DealtimelineError.usage(
            f"event '{event.id}' is not confirmed: {why}", "Leave --confirmed out to see it."
        )
    return None


T = TypeVar("T")


def resolve_id(entries: Mapping[str, T], wanted: str, what: str, listing: str) -> T:
    """The entry with id `wanted`; a usage error with the closest ids (or the command
    `listing` that lists them) otherwise."""
    if wanted in entries:
        return entries[wanted]
    close = difflib.get_close_matches(wanted, list(entries), n=3, cutoff=0.5)
    fix = f"Did you mean: {', '.join(close)}?" if close else f"Run 'dealtimeline {listing}'."
    raise DealtimelineError.usage(f"no {what} '{wanted}'", fix)


def resolve_deal(store: Store, deal_id: str) -> Deal:
    return resolve_id(store.deals, deal_id, "deal", "deals")


def resolve_measures(measures: Sequence[str]) -> tuple[str, ...]:
    from dealtimeline.core.model import MEASURES

    for measure in measures:
        if measure not in MEASURES:
            close = difflib.get_close_matches(measure, MEASURES, n=1, cutoff=0.5)
            hint = f"Did you mean: {close[0]}? " if close else ""
            raise DealtimelineError.usage(
                f"no measure '{measure}'", hint + "Measures: " + ", ".join(MEASURES)
            )
    return tuple(dict.fromkeys(measures))
