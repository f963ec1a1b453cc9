"""What was known when, and what is confirmed: the lenses a store is read through.

An event is known from its `announced:` date when the store gives one, otherwise from the
earliest `published` of the sources that support it (of any source it cites when none
supports it). On a day D only what had been published by D is known: an event known
later is absent, with the changes it makes, and so is a citation from a source published
later. A partial date counts as published on its last day: a source of "2025-01" is not
known on 2025-01-20.

A confirmed event is official and disputed on no aspect.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import Event, Store


def known_date(store: Store, event: Event) -> PartialDate:
    """When the event became public (see the module)."""
    if event.announced is not None:
        return event.announced
    cited = [c for c in event.citations if c.supports] or list(event.citations)
    dates = [store.sources[c.source].published for c in cited]
    return min(dates, key=lambda d: (d.end, d.start))


def known_on(store: Store, event: Event, day: date) -> bool:
    return known_date(store, event).end <= day


def as_known_on(store: Store, day: date) -> Store:
    """The store as it could be read on `day`: later events and citations left out."""
    events: list[Event] = []
    for event in store.events:
        if not known_on(store, event, day):
            continue
        citations = tuple(
            c for c in event.citations if store.sources[c.source].published.end <= day
        )
        if not citations:  # announced before any source we hold: keep what supports it
            citations = tuple(c for c in event.citations if c.supports) or event.citations
        events.append(
            event if citations == event.citations else replace(event, citations=citations)
        )
    return _narrowed(store, tuple(events), known_at=day)


def confirmed_only(store: Store) -> Store:
    """The store with only its confirmed events."""
    events = tuple(e for e in store.events if e.confirmed)
    return _narrowed(store, events, confirmed=True)


def narrowed(store: Store, known_at: date | None, confirmed: bool) -> Store:
    """The store through both lenses, as the options ask."""
    if known_at is not None:
        store = as_known_on(store, known_at)
    if confirmed:
        store = confirmed_only(store)
    return store


def _narrowed(store: Store, events: tuple[Event, ...], **lens: object) -> Store:
    known_at = lens.get("known_at", store.known_at)
    confirmed = lens.get("confirmed", store.confirmed)
    assert known_at is None or isinstance(known_at, date)
    return Store(
        store.path,
        store.companies,
        store.sources,
        store.terms,
        events,
        known_at=known_at,
        confirmed=bool(confirmed),
        deals=store.deals,
    )
