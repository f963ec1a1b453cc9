"""`speaker:` on a citation: a company's own words quoted by a page that is not its own.
Refused with FILE:LINE:COLUMN when it names no company; shown beside the quote in every
view; counted by `audit` as a party's own words."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from dealtimeline.core.audit import audit
from dealtimeline.store.reader import parse_store
from tests.helpers import run
from tests.test_loader import HEAD, event_with, problems

QUOTE = '        quote: "words"\n'
# A second source, of grade primary, for the store below.
PRIMARY = """\
  own:
    title: Our announcement
    publisher: OpenAI
    published: 2024-06-11
    grade: primary
"""


def test_an_unknown_speaker_is_refused_where_it_stands_with_a_suggestion() -> None:
    assert problems(event_with(QUOTE, QUOTE + "        speaker: opena\n")) == [
        "s.yaml:23:18: unknown company 'opena'; did you mean 'openai'?"
    ]


def test_a_speaker_that_is_not_an_id_is_refused() -> None:
    assert problems(event_with(QUOTE, QUOTE + "        speaker: [openai]\n")) == [
        "s.yaml:23:18: a company id is expected here; write the company's id"
    ]


def test_a_speaker_loads_onto_its_citation() -> None:
    store = parse_store(event_with(QUOTE, QUOTE + "        speaker: openai\n").encode(), "s")
    assert [c.speaker for c in store.events[0].citations] == ["openai"]


def _store(tmp_path: Path, citations: str) -> Path:
    text = HEAD.replace("terms:", PRIMARY + "terms:") + (
        "  - id: e1\n    date: 2024-06-11\n    title: Something happened\n    kind: capacity\n"
        "    companies: [openai]\n    sources:\n" + citations
    )
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return path


SPOKEN = '      - source: s1\n        quote: "we will build"\n        speaker: openai\n'


def test_show_json_and_html_say_whose_words_the_quote_is(tmp_path: Path) -> None:
    path = _store(tmp_path, SPOKEN)
    shown = run("--store", str(path), "show", "e1", "--no-color").stdout.splitlines()
    quote = shown.index("   “we will build”")
    assert shown[quote + 1] == "   — OpenAI's words, as quoted"
    data = json.loads(run("--store", str(path), "show", "e1", "-f", "json").stdout)
    assert data["event"]["citations"][0]["speaker"] == "openai"
    html = run("--store", str(path), "export", "--format", "html").stdout
    assert '<p class="cite speaker">OpenAI&#x27;s words, as quoted</p>' in html


def test_audit_counts_a_party_s_own_words_and_the_publisher_relied_on(tmp_path: Path) -> None:
    plain = '      - source: s1\n        quote: "they will build"\n'
    for citations, words in ((plain, "0%"), (SPOKEN, "100%")):
        path = _store(tmp_path, citations)
        first = json.loads(run("--store", str(path), "audit", "-f", "json").stdout)
        assert first["summary"]["voices"] == (
            f"own words: {words} of 1 official event; top publisher: A publisher (100% of events)"
        )
    own = _store(tmp_path, '      - source: own\n        quote: "we will build"\n')
    summary = audit(parse_store(own.read_bytes(), "s"), parse_store(own.read_bytes(), "s").events)
    assert (summary.summary.official, summary.summary.official_own_words) == (1, 1)
    assert summary.summary.top_publisher == ("OpenAI", 1)


OTHER = "    name: OpenAI\n  cloudco:\n    name: CloudCo\n"
BY_CLOUDCO = '      - source: s1\n        quote: "we will build"\n        speaker: cloudco\n'


def test_the_exports_carry_the_speaker_and_the_company_it_names(tmp_path: Path) -> None:
    path = _store(tmp_path, BY_CLOUDCO)
    path.write_text(path.read_text().replace("    name: OpenAI\n", OTHER, 1))
    markdown = run("--store", str(path), "export", "-f", "markdown").stdout
    assert "> — A title, A publisher, 2024-06-12 (press) — CloudCo's words, as quoted\n" in markdown
    exported = run("--store", str(path), "export", "-f", "yaml").stdout
    again = parse_store(exported.encode(), "again.yaml")
    assert [c.speaker for c in again.events[0].citations] == ["cloudco"]
    assert sorted(again.companies) == ["cloudco", "openai"]
    database = tmp_path / "deals.db"
    run("--store", str(path), "export", "-f", "sqlite", "-o", str(database))
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT c.quote, k.name FROM citations c JOIN companies k ON k.id = c.speaker_id"
        ).fetchall()
    assert rows == [("we will build", "CloudCo")]
