"""The events as a store of their own (format version 1), with everything they reference.

The companies, sources and terms the events cite or change, and the companies of those
terms, come along, so that the file passes `validate` and loads back to equal events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dealtimeline.core.model import Event, Store
from dealtimeline.core.query import Filters
from dealtimeline.core.references import references
from dealtimeline.export.common import filter_words
from dealtimeline.serialize.store_mapping import event_data, store_date
from dealtimeline.serialize.text_formats import Flow, FlowMap, Folded, Quoted, to_yaml

Data = dict[str, Any]


def to_store_yaml(store: Store, events: Sequence[Event], filters: Filters | None = None) -> str:
    """A valid store holding `events` and what they reference, in the store's order (the
    events in its file's order), each mapping's keys in the order the store writes them:
    so that it diffs cleanly against the store it came from."""
    kept = {event.id for event in events}
    # In the file's own order, as a store is written (a reader sorts them by date).
    events = [_within(event, kept) for event in sorted(events, key=lambda e: e.position)]
    named = references(store, events)
    deal_ids, term_ids, source_ids = named.deals, named.terms, named.sources
    company_ids = named.companies
    data: Data = {
        "version": 1,
        "companies": {
            company.id: {
                "name": company.name,
                **({"aliases": Flow(company.aliases)} if company.aliases else {}),
                **({"description": company.description} if company.description is not None else {}),
            }
            for company in store.companies.values()
            if company.id in company_ids
        },
        "sources": {
            source.id: {
                "title": source.title,
                "publisher": source.publisher,
                "published": store_date(source.published),
                **({"url": source.url} if source.url is not None else {}),
                **({"archived": source.archived} if source.archived is not None else {}),
                **({"archive": source.archive} if source.archive is not None else {}),
                "grade": source.grade,
            }
            for source in store.sources.values()
            if source.id in source_ids
        },
        "terms": {
            term.id: {"label": term.label, "companies": Flow(term.companies)}
            for term in store.terms.values()
            if term.id in term_ids
        },
        **({"deals": _deals(store, deal_ids)} if deal_ids else {}),
        "events": [_event(event) for event in events],
    }
    words = filter_words(store, filters or Filters())
    chosen = f" (filtered by {', '.join(words)})" if words else ""
    header = f"# A dealtimeline store (format version 1): {len(events)} exported events{chosen}.\n"
    return header + to_yaml(data, sort_keys=False, store_style=True)


def _event(event: Event) -> Data:
    """The event as the store writes it: ids in brackets, quotes in double quotes, and no
    `status` when it is the default (official)."""
    data = event_data(event)
    if data.get("status") == "official":
        del data["status"]
    data["companies"] = Flow(event.companies)
    if isinstance(data.get("summary"), str):
        data["summary"] = Folded(data["summary"])
    if isinstance(data.get("supersedes"), list):
        data["supersedes"] = Flow(data["supersedes"])
    if data.get("capacity") is not None:
        data["capacity"] = FlowMap(data["capacity"])
    for citation in data["sources"]:
        citation["quote"] = Quoted(citation["quote"])
        if isinstance(citation.get("note"), str):
            citation["note"] = Quoted(citation["note"])
    for change in data.get("changes") or ():
        if isinstance(change.get("value"), str):
            change["value"] = Quoted(change["value"])
    if isinstance((amount := data.get("amount") or {}).get("note"), str):
        amount["note"] = Quoted(amount["note"])
    return data


def _within(event: Event, kept: set[str]) -> Event:
    """The event superseding only events that are exported too."""
    supersedes = tuple(e for e in event.supersedes if e in kept)
    return event if supersedes == event.supersedes else replace(event, supersedes=supersedes)


def _deals(store: Store, ids: frozenset[str]) -> Data:
    return {
        deal.id: {
            "name": deal.name,
            "parties": Flow(deal.parties),
            **({"summary": deal.summary} if deal.summary is not None else {}),
        }
        for deal in store.deals.values()
        if deal.id in ids
    }
