"""The events as an SQLite database (the tables of sqlite_schema.py), as the file's bytes.

Like the YAML export, the database holds the selected events and everything they
reference: the companies they name (and the companies of their terms and deals, their
payers and payees), the sources they cite, the terms they change and their deals, so that
every foreign key is satisfied. The database is built in a private temporary folder
(never at the destination, where a symbolic link or a reader could be waiting) and
returned whole, for the caller to write atomically.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Sequence
from contextlib import closing
from datetime import date
from typing import Any

from dealtimeline import __version__
from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import Event, Store
from dealtimeline.core.query import Filters
from dealtimeline.core.references import references
from dealtimeline.export.sqlite_schema import SCHEMA, SCHEMA_VERSION, TABLES
from dealtimeline.serialize import contract

Row = dict[str, Any]


def to_sqlite(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> bytes:
    """The bytes of a database of `events`, in the order given (their rowids follow it)."""
    rows = _rows(store, events, filters, stamp)
    with tempfile.TemporaryDirectory(prefix="dealtimeline-sqlite-") as folder:
        path = os.path.join(folder, "export.db")
        with closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.executescript(SCHEMA)
            connection.execute("BEGIN")
            for table in TABLES:
                _insert(connection, table, rows[table])
            connection.execute("COMMIT")
            connection.execute("VACUUM")
        with open(path, "rb") as stream:
            return stream.read()


def _insert(connection: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(columns)
    places = ", ".join(f":{column}" for column in columns)
    connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({places})", rows)


def _rows(
    store: Store, events: Sequence[Event], filters: Filters, stamp: date
) -> dict[str, list[Row]]:
    """The rows of every table, by table name."""
    kept = {event.id for event in events}
    named = references(store, events)
    deal_ids, term_ids, source_ids = named.deals, named.terms, named.sources
    company_ids = named.companies
    terms = [term for term in store.terms.values() if term.id in term_ids]
    deals = [deal for deal in store.deals.values() if deal.id in deal_ids]
    return {
        "export": _about(store, events, filters, stamp),
        "companies": [
            {
                "id": company.id,
                "name": company.name,
                "aliases": _json(company.aliases),
                "description": company.description,
            }
            for company in store.companies.values()
            if company.id in company_ids
        ],
        "sources": [
            {
                "id": source.id,
                "title": source.title,
                "publisher": source.publisher,
                **_dated("published", source.published),
                "url": source.url,
                "archived": source.archived,
                "archive": source.archive,
                "grade": source.grade,
            }
            for source in store.sources.values()
            if source.id in source_ids
        ],
        "terms": [{"id": term.id, "label": term.label} for term in terms],
        "term_companies": [
            {"term_id": term.id, "company_id": company, "position": number}
            for term in terms
            for number, company in enumerate(term.companies, 1)
        ],
        "deals": [{"id": deal.id, "name": deal.name, "summary": deal.summary} for deal in deals],
        "deal_parties": [
            {"deal_id": deal.id, "company_id": company, "position": number}
            for deal in deals
            for number, company in enumerate(deal.parties, 1)
        ],
        "events": [_event(event) for event in events],
        "event_companies": [
            {"event_id": event.id, "company_id": company, "position": number}
            for event in events
            for number, company in enumerate(event.companies, 1)
        ],
        "supersessions": [
            {"event_id": event.id, "superseded_id": superseded}
            for event in events
            for superseded in event.supersedes
            if superseded in kept
        ],
        **_figures(events),
        **_evidence(events),
    }


def _about(store: Store, events: Sequence[Event], filters: Filters, stamp: date) -> list[Row]:
    """What the file is: its schema, the program and day that wrote it, and what it holds
    (the filters and the lens the events were selected through)."""
    about = {
        "schema_version": str(SCHEMA_VERSION),
        "dealtimeline": __version__,
        "exported": stamp.isoformat(),
        "events": str(len(events)),
        "filters": json.dumps(contract.filters(filters), sort_keys=True, ensure_ascii=False),
        "known_at": None if store.known_at is None else store.known_at.isoformat(),
        "confirmed": json.dumps(store.confirmed),
    }
    return [{"key": key, "value": value} for key, value in about.items()]


def _event(event: Event) -> Row:
    return {
        "id": event.id,
        **_dated("date", event.date),
        "announced": _iso(event.announced),
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind,
        "deal_id": event.deal,
        "status": event.status,
        "disputed": _json(event.aspects),
        "in_doubt": int(event.in_doubt),
        "confirmed": int(event.confirmed),
        "quotes": "\n\n".join(citation.quote for citation in event.citations),
        "store_position": event.position,
    }


def _figures(events: Sequence[Event]) -> dict[str, list[Row]]:
    """The amounts and capacities, one row each for the events that have one."""
    amounts = [
        {
            "event_id": event.id,
            "value": event.amount.value,
            "currency": event.amount.currency,
            "measure": event.amount.measure,
            "payer_id": event.amount.payer,
            "payee_id": event.amount.payee,
            "over": event.amount.over,
            "note": event.amount.note,
        }
        for event in events
        if event.amount is not None
    ]
    capacities = [
        {"event_id": event.id, "value": event.capacity.value, "unit": event.capacity.unit}
        for event in events
        if event.capacity is not None
    ]
    return {"amounts": amounts, "capacities": capacities}


def _evidence(events: Sequence[Event]) -> dict[str, list[Row]]:
    """The citations and the changes of each event, numbered from 1 in the store's order."""
    citations = [
        {
            "event_id": event.id,
            "position": number,
            "source_id": citation.source,
            "quote": citation.quote,
            "role": citation.role,
            "disputes": _json(citation.disputes),
            "claims": citation.claims,
            "note": citation.note,
            "speaker_id": citation.speaker,
        }
        for event in events
        for number, citation in enumerate(event.citations, 1)
    ]
    changes = [
        {
            "event_id": event.id,
            "position": number,
            "term_id": change.term,
            "value": change.value,
            "ends": int(change.ends),
            "effective": _iso(change.effective),
            "since": _iso(change.since),
        }
        for event in events
        for number, change in enumerate(event.changes, 1)
    ]
    return {"citations": citations, "changes": changes}


def _dated(name: str, value: PartialDate) -> Row:
    """A date as four columns: as written, its precision, its first and its last day."""
    return {
        name: value.iso,
        f"{name}_precision": value.precision,
        f"{name}_start": value.start.isoformat(),
        f"{name}_end": value.end.isoformat(),
    }


def _iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso


def _json(words: Sequence[str]) -> str:
    return json.dumps(list(words), ensure_ascii=False)
