"""The events as a store of their own (format version 1), with everything they reference.

The companies, sources and terms the events cite or change, and the companies of those
terms, come along, so that the file passes `validate` and loads back to equal events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import yaml

from dealtimeline.core.model import Event, Store
from dealtimeline.core.query import Filters
from dealtimeline.core.references import references
from dealtimeline.core.sanitize import RAW_UNSAFE
from dealtimeline.export.common import filter_words
from dealtimeline.serialize.store_mapping import store_date
from dealtimeline.serialize.store_style import Flow, Quoted, StoreDumper, event_mapping
from dealtimeline.serialize.text_formats import escaped

Data = dict[str, Any]


class _FlowMap(dict[str, Any]):
    """A small mapping on one line in braces, as a store writes one: {value: 6, unit: GW}."""


class _Folded(str):
    """A summary as a folded block (`>-`), wrapped near 88 columns as a store's are."""

    __slots__ = ()


class _ExportDumper(StoreDumper):
    """The store's own style, for a file that may go to a terminal: text with a character
    a terminal would act on in double quotes (then escaped), and single quotes never."""

    def write_folded(self, text: str) -> None:
        """A folded block's lines wrapped near 88 columns, as a store wraps its summaries
        (PyYAML breaks after the word that passes its width: 84 ends them at 88)."""
        kept, self.best_width = self.best_width, 84
        try:
            super().write_folded(text)
        finally:
            self.best_width = kept

    def choose_scalar_style(self) -> str:
        """Double quotes where PyYAML would choose single ones: a store's only quotes."""
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if RAW_UNSAFE.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow_map(dumper: yaml.SafeDumper, value: _FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(value), flow_style=True)


def _represent_folded(dumper: yaml.SafeDumper, value: _Folded) -> yaml.ScalarNode:
    # A summary with a character that needs an escape is written in double quotes instead.
    style = '"' if RAW_UNSAFE.search(value) or not value.isprintable() else ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


_ExportDumper.add_representer(str, _represent_text)
_ExportDumper.add_representer(_FlowMap, _represent_flow_map)
_ExportDumper.add_representer(_Folded, _represent_folded)


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
    text = yaml.dump(data, Dumper=_ExportDumper, sort_keys=False, allow_unicode=True, width=1 << 16)
    return header + escaped(text)


def _event(event: Event) -> Data:
    """The event as the store writes it (`event_mapping`), and as a hand-written store
    also writes it: summaries folded, short lists and capacities on one line, values and
    notes in double quotes."""
    data = event_mapping(event)
    if isinstance(data.get("summary"), str):
        data["summary"] = _Folded(data["summary"])
    if isinstance(data.get("supersedes"), list):
        data["supersedes"] = Flow(data["supersedes"])
    if data.get("capacity") is not None:
        data["capacity"] = _FlowMap(data["capacity"])
    for citation in data["sources"]:
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
