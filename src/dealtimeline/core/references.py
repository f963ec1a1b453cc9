"""What a set of events references: the ids an export must carry along so that it stands
on its own (a store that validates, a database whose foreign keys hold)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dealtimeline.core.model import Event, Store


@dataclass(frozen=True, repr=False, eq=False)
class References:
    """The ids of the companies, sources, terms and deals that `events` name."""

    companies: frozenset[str]
    sources: frozenset[str]
    terms: frozenset[str]
    deals: frozenset[str]


def references(store: Store, events: Sequence[Event]) -> References:
    """The sources the events cite, the terms they change, their deals, and every company
    named by an event, its amount (payer and payee), a citation's speaker, its terms or
    its deal."""
    deals = {event.deal for event in events if event.deal is not None}
    terms = {change.term for event in events for change in event.changes}
    companies = {cid for event in events for cid in event.companies}
    for event in events:
        if event.amount is not None:
            companies.update(c for c in (event.amount.payer, event.amount.payee) if c)
        companies.update(c.speaker for c in event.citations if c.speaker is not None)
    companies.update(cid for tid in terms for cid in store.terms[tid].companies)
    companies.update(cid for did in deals for cid in store.deals[did].parties)
    return References(
        companies=frozenset(companies),
        sources=frozenset(c.source for event in events for c in event.citations),
        terms=frozenset(terms),
        deals=frozenset(deals),
    )
