"""The events as a store of their own (format version 1), with everything they reference.

The companies, sources and terms the events cite or change, and the companies of those
terms, come along, so that the file passes `validate` and loads back to equal events.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealtimeline.core.model import Event, Store
from dealtimeline.serialize.store_mapping import event_data, store_date
from dealtimeline.serialize.text_formats import to_yaml

Data = dict[str, Any]


def to_store_yaml(store: Store, events: Sequence[Event]) -> str:
    """A valid store holding `events` and what they reference, in the store's order."""
    term_ids = {change.term for event in events for change in event.changes}
    source_ids = {citation.source for event in events for citation in event.citations}
    company_ids = {cid for event in events for cid in event.companies}
    company_ids.update(cid for tid in term_ids for cid in store.terms[tid].companies)
    data: Data = {
        "version": 1,
        "companies": {
            company.id: {
                "name": company.name,
                **({"aliases": list(company.aliases)} if company.aliases else {}),
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
                **({"archive": source.archive} if source.archive is not None else {}),
                "grade": source.grade,
            }
            for source in store.sources.values()
            if source.id in source_ids
        },
        "terms": {
            term.id: {"label": term.label, "companies": list(term.companies)}
            for term in store.terms.values()
            if term.id in term_ids
        },
        "events": [event_data(event) for event in events],
    }
    header = f"# A dealtimeline store (format version 1): {len(events)} exported events.\n"
    return header + to_yaml(data)
