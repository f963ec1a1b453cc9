"""The tables of the SQLite export, once: what each holds, its keys and its indexes.

A table per record of the store, a link table per list of ids (an event's companies, a
term's companies, a deal's parties, the events an event supersedes), the amount and the
capacity of an event in tables of their own, and an FTS5 index of each event's title,
summary and quotes. Dates are ISO text: the date as the store writes it (`2024-06`), its
precision, and the first and last day of its span, so that ranges compare as text.
Lists of words (aliases, disputed aspects) are JSON arrays. Triggers keep the full-text
index in step with `events` when the database is edited.
"""

from __future__ import annotations

# The value of `PRAGMA user_version`: raised when a table or column changes.
SCHEMA_VERSION = 1


def _company_links(table: str, key: str, owner: str) -> str:
    """A link table from a record of `owner` to its companies, in their order."""
    return f"""CREATE TABLE {table} (
    {key} TEXT NOT NULL REFERENCES {owner}(id),
    company_id TEXT NOT NULL REFERENCES companies(id),
    position INTEGER NOT NULL,
    PRIMARY KEY ({key}, company_id)
);
"""


SCHEMA = (
    """
CREATE TABLE export (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,
    description TEXT
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    published TEXT NOT NULL,
    published_precision TEXT NOT NULL,
    published_start TEXT NOT NULL,
    published_end TEXT NOT NULL,
    url TEXT,
    archived TEXT,
    archive TEXT,
    grade TEXT NOT NULL
);
CREATE TABLE terms (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
"""
    + _company_links("term_companies", "term_id", "terms")
    + """
CREATE TABLE deals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    summary TEXT
);
"""
    + _company_links("deal_parties", "deal_id", "deals")
    + """
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    announced TEXT,
    title TEXT NOT NULL,
    summary TEXT,
    kind TEXT NOT NULL,
    deal_id TEXT REFERENCES deals(id),
    status TEXT NOT NULL,
    disputed TEXT NOT NULL,
    in_doubt INTEGER NOT NULL,
    confirmed INTEGER NOT NULL,
    quotes TEXT NOT NULL,
    store_position INTEGER NOT NULL
);
"""
    + _company_links("event_companies", "event_id", "events")
    + """
CREATE TABLE supersessions (
    event_id TEXT NOT NULL REFERENCES events(id),
    superseded_id TEXT NOT NULL REFERENCES events(id),
    PRIMARY KEY (event_id, superseded_id)
);
CREATE TABLE amounts (
    event_id TEXT PRIMARY KEY REFERENCES events(id),
    value NUMERIC NOT NULL,
    currency TEXT NOT NULL,
    measure TEXT,
    payer_id TEXT REFERENCES companies(id),
    payee_id TEXT REFERENCES companies(id),
    over TEXT,
    note TEXT
);
CREATE TABLE capacities (
    event_id TEXT PRIMARY KEY REFERENCES events(id),
    value NUMERIC NOT NULL,
    unit TEXT NOT NULL
);
CREATE TABLE citations (
    event_id TEXT NOT NULL REFERENCES events(id),
    position INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id),
    quote TEXT NOT NULL,
    role TEXT NOT NULL,
    disputes TEXT NOT NULL,
    claims TEXT,
    note TEXT,
    speaker_id TEXT REFERENCES companies(id),
    PRIMARY KEY (event_id, position)
);
CREATE TABLE changes (
    event_id TEXT NOT NULL REFERENCES events(id),
    position INTEGER NOT NULL,
    term_id TEXT NOT NULL REFERENCES terms(id),
    value TEXT,
    ends INTEGER NOT NULL,
    effective TEXT,
    since TEXT,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX term_companies_company ON term_companies (company_id);
CREATE INDEX deal_parties_company ON deal_parties (company_id);
CREATE INDEX events_deal ON events (deal_id);
CREATE INDEX events_date ON events (date_start, date_end);
CREATE INDEX event_companies_company ON event_companies (company_id);
CREATE INDEX supersessions_superseded ON supersessions (superseded_id);
CREATE INDEX amounts_payer ON amounts (payer_id);
CREATE INDEX amounts_payee ON amounts (payee_id);
CREATE INDEX citations_source ON citations (source_id);
CREATE INDEX citations_speaker ON citations (speaker_id);
CREATE INDEX changes_term ON changes (term_id);
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, summary, quotes, content="events", tokenize="porter unicode61 remove_diacritics 2"
);
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, summary, quotes)
    VALUES (new.rowid, new.title, new.summary, new.quotes);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, summary, quotes)
    VALUES ('delete', old.rowid, old.title, old.summary, old.quotes);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, summary, quotes)
    VALUES ('delete', old.rowid, old.title, old.summary, old.quotes);
    INSERT INTO events_fts (rowid, title, summary, quotes)
    VALUES (new.rowid, new.title, new.summary, new.quotes);
END;
"""
)

# The tables filled, parents before the tables whose foreign keys name them.
TABLES = (
    "export",
    "companies",
    "sources",
    "terms",
    "term_companies",
    "deals",
    "deal_parties",
    "events",
    "event_companies",
    "supersessions",
    "amounts",
    "capacities",
    "citations",
    "changes",
)
