"""`export --format sqlite`: the database read back with sqlite-utils and with Datasette's
own test client, its keys, foreign keys, indexes and full-text index, the filters, and
the file written as the other exports are (only with -o, atomically, never more readable
than the store, never through a symbolic link)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
import sqlite_utils

from dealtimeline.cli.exporting import size_text
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.query import Filters
from dealtimeline.export import export, exporter
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store
from tests.helpers import DATA, ROOT, TINY, run

DEALS = DATA / "deals.yaml"
HOSTILE = DATA / "hostile.yaml"
STAMP = date(2026, 11, 23)
REFUSED = (
    "Error: the sqlite format is a database file, never written to standard output\n"
    "Name the file: dealtimeline export --format sqlite -o deals.db\n"
)
# Each table's foreign keys: (column, table it names, column there).
FOREIGN_KEYS = {
    "export": set(),
    "companies": set(),
    "sources": set(),
    "terms": set(),
    "term_companies": {("term_id", "terms", "id"), ("company_id", "companies", "id")},
    "deals": set(),
    "deal_parties": {("deal_id", "deals", "id"), ("company_id", "companies", "id")},
    "events": {("deal_id", "deals", "id")},
    "event_companies": {("event_id", "events", "id"), ("company_id", "companies", "id")},
    "supersessions": {("event_id", "events", "id"), ("superseded_id", "events", "id")},
    "amounts": {
        ("event_id", "events", "id"),
        ("payer_id", "companies", "id"),
        ("payee_id", "companies", "id"),
    },
    "capacities": {("event_id", "events", "id")},
    "citations": {
        ("event_id", "events", "id"),
        ("source_id", "sources", "id"),
        ("speaker_id", "companies", "id"),
    },
    "changes": {("event_id", "events", "id"), ("term_id", "terms", "id")},
}
PRIMARY_KEYS = {
    "export": ["key"],
    "companies": ["id"],
    "sources": ["id"],
    "terms": ["id"],
    "term_companies": ["term_id", "company_id"],
    "deals": ["id"],
    "deal_parties": ["deal_id", "company_id"],
    "events": ["id"],
    "event_companies": ["event_id", "company_id"],
    "supersessions": ["event_id", "superseded_id"],
    "amounts": ["event_id"],
    "capacities": ["event_id"],
    "citations": ["event_id", "position"],
    "changes": ["event_id", "position"],
}


def database(folder: Path, *args: str, store: Path = TINY) -> Path:
    """The database `export --format sqlite` writes, after checking what it says."""
    path = folder / "deals.db"
    result = run("--store", str(store), "export", "-f", "sqlite", *args, "-o", str(path))
    assert result.code == 0, result.stderr
    count = result.stderr.split()[1]
    noun = "event" if count == "1" else "events"
    size = size_text(path.stat().st_size)
    assert (result.stdout, result.stderr) == ("", f"Wrote {count} {noun} to {path} ({size})\n")
    return path


def counts(path: Path) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    return {name: db.table(name).count for name in PRIMARY_KEYS}


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def datasette(path: Path, *urls: str) -> list[Any]:
    """The JSON Datasette's own test client answers each of `urls` with, on `path`."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.datasette_client", str(path), *urls],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return cast(list[Any], json.loads(done.stdout))


# --- the tables -----------------------------------------------------------------------


def test_the_tables_hold_the_store_row_for_row(tmp_path: Path) -> None:
    assert counts(database(tmp_path)) == {
        "export": 7,
        "companies": 3,
        "sources": 3,
        "terms": 2,
        "term_companies": 4,
        "deals": 0,
        "deal_parties": 0,
        "events": 6,
        "event_companies": 13,
        "supersessions": 0,
        "amounts": 3,
        "capacities": 0,
        "citations": 7,
        "changes": 5,
    }
    assert counts(database(tmp_path, store=DEALS)) == {
        "export": 7,
        "companies": 3,
        "sources": 2,
        "terms": 0,
        "term_companies": 0,
        "deals": 2,
        "deal_parties": 5,
        "events": 5,
        "event_companies": 11,
        "supersessions": 1,
        "amounts": 4,
        "capacities": 1,
        "citations": 5,
        "changes": 0,
    }


def test_the_bundled_store_is_whole_and_its_keys_hold(tmp_path: Path) -> None:
    store = load_store(bundled_store())
    path = database(tmp_path, store=bundled_store())
    found = counts(path)
    assert found["events"] == len(store.events)
    assert found["deals"] == len(store.deals)
    assert found["citations"] == sum(len(e.citations) for e in store.events)
    assert found["changes"] == sum(len(e.changes) for e in store.events)
    assert found["amounts"] == sum(e.amount is not None for e in store.events)
    assert found["sources"] == len({c.source for e in store.events for c in e.citations})
    assert query(path, "PRAGMA foreign_key_check") == []
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    with closing(sqlite3.connect(path)) as connection:  # raises if the index is out of step
        connection.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")
    assert query(path, "PRAGMA user_version") == [(1,)]


def test_every_event_field_is_a_column(tmp_path: Path) -> None:
    path = database(tmp_path)
    db = sqlite_utils.Database(path)
    assert db.table("events").get("oracle-claim-2022") == {
        "id": "oracle-claim-2022",
        "date": "2022",
        "date_precision": "year",
        "date_start": "2022-01-01",
        "date_end": "2022-12-31",
        "announced": None,
        "title": "Oracle said to join in 2022",
        "summary": None,
        "kind": "partnership",
        "deal_id": None,
        "status": "official",
        "disputed": '["unspecified"]',
        "in_doubt": 1,
        "confirmed": 0,
        "quotes": "Oracle joined in 2022\n\nOpenAI relied fully on Microsoft",
        "store_position": 1,
    }
    assert db.table("citations").get(("oracle-claim-2022", 2)) == {
        "event_id": "oracle-claim-2022",
        "position": 2,
        "source_id": "paper-2019",
        "quote": "OpenAI relied fully on Microsoft",
        "role": "supports",
        "disputes": '["unspecified"]',
        "claims": None,
        "note": None,
        "speaker_id": None,
    }
    assert query(path, "SELECT * FROM changes WHERE term_id = 'cloud-exclusivity'") == [
        ("invest-2019", 1, "cloud-exclusivity", "exclusive", 0, None, None),
        ("rofr-2025", 1, "cloud-exclusivity", "right of first refusal", 0, None, None),
        ("no-rofr-2025", 1, "cloud-exclusivity", None, 1, None, None),
    ]
    assert query(path, "SELECT * FROM amounts ORDER BY value") == [
        ("invest-2019", 1000000000, "USD", None, None, None, None, None),
        ("oracle-deal-2024", 10000000000, "USD", None, None, None, None, None),
        ("oracle-300b-2025", 300000000000, "USD", None, None, None, None, "over about five years"),
    ]
    assert query(path, "SELECT * FROM companies WHERE id = 'oracle'") == [
        ("oracle", "Oracle", '["OCI", "ORCL"]', "Cloud provider")
    ]


def test_keys_and_foreign_keys_as_sqlite_utils_reads_them(tmp_path: Path) -> None:
    db = sqlite_utils.Database(database(tmp_path, store=DEALS))
    assert db.table_names()[: len(PRIMARY_KEYS)] == list(PRIMARY_KEYS)
    assert {name: db.table(name).pks for name in PRIMARY_KEYS} == PRIMARY_KEYS
    assert {
        name: {(fk.column, fk.other_table, fk.other_column) for fk in db.table(name).foreign_keys}
        for name in PRIMARY_KEYS
    } == FOREIGN_KEYS


def test_every_foreign_key_column_leads_an_index(tmp_path: Path) -> None:
    db = sqlite_utils.Database(database(tmp_path))
    for name, keys in FOREIGN_KEYS.items():
        leading = {index.columns[0] for index in db.table(name).indexes}
        assert {column for column, _, _ in keys} <= leading, name


# --- full-text search -----------------------------------------------------------------


def test_sqlite_utils_searches_titles_summaries_and_quotes(tmp_path: Path) -> None:
    db = sqlite_utils.Database(database(tmp_path))
    assert db.table("events").detect_fts() == "events_fts"

    def found(words: str) -> list[str]:
        return sorted(row["id"] for row in db.table("events").search(words))

    assert found("refusal") == ["no-rofr-2025", "rofr-2025"]  # titles and quotes
    assert found("billion") == ["invest-2019", "oracle-300b-2025", "oracle-deal-2024"]
    assert found("relied") == ["oracle-claim-2022"]  # in a quote only
    assert found("exclusive") == ["invest-2019"]  # in a summary and a quote


def test_stargate_is_found_wherever_the_bundled_store_says_it(tmp_path: Path) -> None:
    store = load_store(bundled_store())
    db = sqlite_utils.Database(database(tmp_path, store=bundled_store()))
    word = re.compile(r"\bstargate\b", re.IGNORECASE)
    said = {
        e.id
        for e in store.events
        if any(word.search(t or "") for t in (e.title, e.summary, *(c.quote for c in e.citations)))
    }
    found = [row["id"] for row in db.table("events").search("stargate")]
    assert len(found) == len(said) > 5
    assert set(found) == said


# --- Datasette ------------------------------------------------------------------------


def test_datasette_reads_it_as_it_is(tmp_path: Path) -> None:
    path = database(tmp_path, store=DEALS)
    sql = (
        "select e.id, a.value, a.payer_id, a.payee_id from amounts a join events e "
        "on e.id = a.event_id where a.measure = 'compute-purchase' and e.id not in "
        "(select superseded_id from supersessions)"
    )
    answered, searched, labelled, tables = datasette(
        path,
        "/deals.json?" + "&".join([f"sql={sql.replace(' ', '+')}", "_shape=array"]),
        "/deals/events.json?_search=gigawatts&_shape=array&_col=title",
        "/deals/amounts.json?_labels=on&_shape=array&_col=payer_id&_col=payee_id&payer_id=openai",
        "/deals.json",
    )
    assert answered == [
        {"id": "confirmed", "value": 300000000000, "payer_id": "openai", "payee_id": "oracle"}
    ]
    assert searched == [{"id": "gigawatts", "title": "4.5 GW"}]
    openai = {"value": "openai", "label": "OpenAI"}
    oracle = {"value": "oracle", "label": "Oracle"}
    assert labelled == [
        {
            "event_id": {"value": "confirmed", "label": "OpenAI confirms $300B"},
            "payer_id": openai,
            "payee_id": oracle,
        },
        {
            "event_id": {"value": "report", "label": "A report of $300B"},
            "payer_id": openai,
            "payee_id": oracle,
        },
    ]
    shown = {table["name"]: table for table in tables["tables"]}
    assert shown["events"]["fts_table"] == "events_fts"
    assert shown["events"]["count"] == 5
    assert sorted(
        (key["column"], key["other_table"])
        for key in shown["citations"]["foreign_keys"]["outgoing"]
    ) == [("event_id", "events"), ("source_id", "sources"), ("speaker_id", "companies")]


# --- filters and what the file says of itself -------------------------------------------


def test_the_filters_choose_the_events_and_what_they_reference(tmp_path: Path) -> None:
    path = database(tmp_path, "--company", "softbank", store=DEALS)
    listed = json.loads(run("--store", str(DEALS), "list", "-c", "softbank", "-f", "json").stdout)
    assert [row[0] for row in query(path, "SELECT id FROM events ORDER BY rowid")] == [
        event["id"] for event in listed["events"]
    ]
    assert query(path, "SELECT id FROM events ORDER BY rowid") == [("venture-2025",), ("untyped",)]
    assert query(path, "SELECT id FROM deals") == [("venture",)]
    assert query(path, "SELECT id FROM companies") == [("openai",), ("oracle",), ("softbank",)]
    assert query(path, "SELECT id FROM sources") == [("blog",)]
    about = dict(query(path, "SELECT key, value FROM export"))
    assert json.loads(about.pop("filters"))["companies"] == ["softbank"]
    assert about == {
        "schema_version": "1",
        "dealtimeline": "0.1.0",
        "exported": "2026-11-23",
        "events": "2",
        "known_at": None,
        "confirmed": "false",
    }


def test_a_superseded_event_left_out_leaves_no_dangling_key(tmp_path: Path) -> None:
    path = database(tmp_path, "--since", "2025-09-20", store=DEALS)
    assert query(path, "SELECT id FROM events ORDER BY rowid") == [
        ("gigawatts",),
        ("confirmed",),
        ("untyped",),
    ]
    assert query(path, "SELECT count(*) FROM supersessions") == [(0,)]
    assert query(path, "PRAGMA foreign_key_check") == []


def test_store_text_is_kept_as_it_is(tmp_path: Path) -> None:
    store = load_store(HOSTILE)
    path = database(tmp_path, store=HOSTILE)
    assert query(path, "SELECT title, summary FROM events") == [
        (event.title, event.summary) for event in store.events
    ]
    assert [row[0] for row in query(path, "SELECT quote FROM citations")] == [
        citation.quote for event in store.events for citation in event.citations
    ]


def test_the_same_store_on_the_same_day_gives_the_same_bytes(tmp_path: Path) -> None:
    store = load_store(TINY)
    write = exporter("sqlite").data
    first = write(store, store.events, Filters(), STAMP)
    assert write(store, store.events, Filters(), STAMP) == first
    assert first.startswith(b"SQLite format 3\x00")
    with pytest.raises(DealtimelineError, match="the sqlite format is not text"):
        export("sqlite", store, store.events, Filters(), STAMP)


# --- the file -------------------------------------------------------------------------


@pytest.mark.parametrize("output", [None, "-", "/dev/stdout"])
def test_a_database_is_never_written_to_standard_output(output: str | None) -> None:
    args = ["--store", str(TINY), "export", "--format", "sqlite"]
    result = run(*args, *(["-o", output] if output else []))
    assert (result.code, result.stdout, result.stderr) == (2, "", REFUSED)


def test_the_file_is_never_more_readable_than_the_store(tmp_path: Path) -> None:
    store = tmp_path / "private.yaml"
    store.write_bytes(TINY.read_bytes())
    store.chmod(0o600)
    output = tmp_path / "deals.db"
    output.write_bytes(b"old")
    output.chmod(0o644)
    path = database(tmp_path, store=store)
    assert (path.stat().st_mode & 0o777, path.read_bytes()[:6]) == (0o600, b"SQLite")


def test_no_symbolic_link_beside_the_file_is_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep me")
    folder = tmp_path / "out"
    folder.mkdir()
    for planted in ("deals.db-journal", "deals.db-wal", "deals.db-shm"):
        (folder / planted).symlink_to(victim)
    database(folder)
    assert victim.read_bytes() == b"keep me"
    assert sorted(os.listdir(folder)) == [
        "deals.db",
        "deals.db-journal",
        "deals.db-shm",
        "deals.db-wal",
    ]
    assert all((folder / name).is_symlink() for name in os.listdir(folder) if "-" in name)


def test_help_names_the_format_and_its_file() -> None:
    flat = " ".join(run("export", "--help").stdout.split())
    assert "sqlite (a database of them, for sqlite3, sqlite-utils and Datasette;" in flat
    assert "needs -o FILE)" in flat
    assert "yaml or sqlite." in flat


def readme_example() -> tuple[str, str]:
    """The SQL of the README's sqlite3 example, and what the README shows it prints."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### SQLite, for users who outgrow the command line") :]
    blocks = re.search(r"```sh\n(.*?)```\n\n```text\n(.*?)```", section, re.S)
    assert blocks is not None
    command, shown = blocks.groups()
    export_line, sqlite_line = command.splitlines()
    assert export_line == "dealtimeline export --format sqlite -o deals.db"
    sql = re.fullmatch(r'sqlite3 deals\.db "(.*)"', sqlite_line)
    assert sql is not None
    return sql[1], shown


def test_the_readme_example_shows_what_the_query_finds(tmp_path: Path) -> None:
    sql, shown = readme_example()
    path = database(tmp_path, store=bundled_store())
    assert "".join("|".join(map(str, row)) + "\n" for row in query(path, sql)) == shown


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs sqlite3 (Debian's sqlite3)")
def test_the_sqlite3_command_line_prints_what_the_readme_shows(tmp_path: Path) -> None:
    sql, shown = readme_example()
    database(tmp_path, store=bundled_store())
    printed = subprocess.run(
        ["sqlite3", "deals.db", sql], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert (printed.stdout, printed.stderr) == (shown, "")
