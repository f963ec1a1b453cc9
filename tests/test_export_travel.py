"""Exports that travel: nothing written when nothing matches, a stable DTSTAMP, filtered
exports that say so, a Markdown document to read, the YAML in the store's own key order,
paragraphs kept and long words wrapped in the page (in a real Chromium)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from scripts.screenshot_html import CHROMIUM, chromium_page

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.quantities import Quantity
from dealtimeline.core.query import Filters
from dealtimeline.export.common import filter_words, paragraphs
from dealtimeline.export.html import to_html
from dealtimeline.export.markdown import destination, inline, to_markdown_document
from dealtimeline.store.reader import load_store, parse_store
from tests.helpers import ROOT, TINY, run

BUNDLED = ROOT / "events.yaml"
LONG_WORD = "Hyperscalercomputecapacityreservationagreementforfrontiermodeltraining" * 2


def _store_with(tmp_path: Path, title: str, summary: str) -> Path:
    """The fixture store with the first event's title and summary replaced."""
    text = TINY.read_text(encoding="utf-8")
    text = text.replace("title: Microsoft invests $1B in OpenAI", f"title: {title}", 1)
    text = text.replace(
        "summary: Microsoft puts in a billion dollars and becomes the exclusive cloud.",
        "summary: |\n"
        + "".join(f"      {line}\n" if line else "\n" for line in summary.split("\n")),
        1,
    )
    path = tmp_path / "store.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- DTSTAMP ----------------------------------------------------------------------------


def test_the_calendar_is_the_same_file_on_another_day() -> None:
    first = run("--store", str(TINY), "export", "-f", "ics")
    later = run(
        "--store", str(TINY), "export", "-f", "ics", env={"DEALTIMELINE_TODAY": "2030-01-01"}
    )
    assert first.code == later.code == 0
    assert first.stdout == later.stdout
    stamps = set(re.findall(r"DTSTAMP:(\S+)", first.stdout))
    assert stamps == {"20250121T000000Z"}  # blog-2025, the newest source of the store


# --- filtered exports say so ------------------------------------------------------------

FILTERS = ("--company", "oracle", "--since", "2024")
SAID = "2 of 6 events, Oct 2024 to 2025-09-10 — filtered by company Oracle, since 2024"


def test_a_filtered_page_says_so_in_its_title_subtitle_and_drop_down() -> None:
    page = run("--store", str(TINY), "export", "-f", "html", *FILTERS).stdout
    assert f"<title>Deal timeline: {SAID}</title>" in page
    assert f'<p class="subtitle">{SAID}</p>' in page
    assert '<option value="">All 2 filtered events</option>' in page
    whole = run("--store", str(TINY), "export", "-f", "html").stdout
    assert "<title>Deal timeline: 6 events, 2019-07-22 to Oct 2025</title>" in whole
    assert '<option value="">All companies (6)</option>' in whole


def test_other_filtered_exports_say_so_where_they_carry_a_title() -> None:
    def exported(fmt: str) -> str:
        result = run("--store", str(TINY), "export", "-f", fmt, *FILTERS)
        assert result.code == 0
        return result.stdout

    assert exported("mermaid").splitlines()[1] == (
        "    title Deal timeline (2 of 6 events, Oct 2024 to 2025-09-10 — filtered by"
        " company Oracle, since 2024)"
    )
    title = json.loads(exported("timelinejs"))["title"]["text"]["text"]
    assert title == f"<p>{SAID}</p>"
    calendar = exported("ics").replace("\r\n", "\n").splitlines()
    assert calendar[5] == "X-WR-CALNAME:Deal timeline (filtered by company Oracle\\, since 2024)"
    assert exported("yaml").splitlines()[0] == (
        "# A dealtimeline store (format version 1): 2 exported events"
        " (filtered by company Oracle, since 2024)."
    )
    assert exported("markdown").splitlines()[2] == SAID


def test_every_filter_and_lens_is_said() -> None:
    store = replace(load_store(TINY), known_at=date(2026, 1, 1), confirmed=True)
    filters = Filters(
        companies=("oracle", "openai"),
        all_companies=True,
        kinds=("capacity", "terms"),
        since=PartialDate(date(2022, 1, 1), "year"),
        until=PartialDate(date(2025, 12, 1), "month"),
        during=PartialDate(date(2025, 7, 1), "quarter"),
        search="oracle",
        disputed="date",
        deals=("stargate",),
        measures=("compute-purchase",),
        min_amount=Quantity(1e9, None, False),
        max_amount=Quantity(3e11, "USD", False),
        min_capacity=Quantity(1, "GW", True),
        limit=5,
    )
    assert filter_words(store, filters) == [
        "companies Oracle and OpenAI",
        "kinds capacity or terms",
        "since 2022",
        "until Dec 2025",
        "during Q3 2025",
        'matching "oracle"',
        "disputed on date",
        "deal stargate",
        "measure compute-purchase",
        "amount at least 1B",
        "amount at most $300B",
        "capacity at least 1 GW",
        "confirmed events only",
        "as known on 2026-01-01",
        "the first 5",
    ]
    assert filter_words(load_store(TINY), Filters()) == []
    either = Filters(companies=("oracle", "openai"), disputed="any")
    assert filter_words(load_store(TINY), either) == ["companies Oracle or OpenAI", "disputed"]


# --- Markdown ---------------------------------------------------------------------------

MARKDOWN_HEAD = """\
# Deal timeline

6 events, 2019-07-22 to Oct 2025

*reported*: rests on anonymous sources (~ before its amount); *date?*, *amount?*, \
*happened?*: a source disputes that aspect.

## 2019

### 2019-07-22: Microsoft invests $1B in OpenAI

**$1B** · investment · Microsoft, OpenAI · id invest-2019

Microsoft puts in a billion dollars and becomes the exclusive cloud.

> Microsoft will become the exclusive cloud provider
>
> — [Microsoft invests in OpenAI](https://example.com/2019), The Paper, 2019-07-22 (press)

## 2022

### 2022: Oracle said to join in 2022

partnership · Oracle, OpenAI · *disputed* · id oracle-claim-2022

> Oracle joined in 2022
>
> — People familiar say, The Wire, Oct 2024 (copy)

**Disputed by**

- disputed: The Paper

> OpenAI relied fully on Microsoft
>
> — [Microsoft invests in OpenAI](https://example.com/2019), The Paper, 2019-07-22 (press)

## 2024

### Oct 2024: A reported $10B Oracle deal

**\\~$10B** · capacity · Oracle, OpenAI, Microsoft · *reported* · id oracle-deal-2024
"""


def test_the_markdown_export_is_a_document_to_read() -> None:
    result = run("--store", str(TINY), "export", "-f", "markdown")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.startswith(MARKDOWN_HEAD)
    page = MarkdownIt("commonmark").render(result.stdout)
    assert re.findall(r"<h2>(.*?)</h2>", page) == ["2019", "2022", "2024", "2025"]
    assert len(re.findall(r"<h3>", page)) == 6
    assert page.count("<blockquote>") == 7  # one per citation
    assert re.findall(r'<a href="([^"]+)"', page) == [
        "https://example.com/2019",
        "https://example.com/2019",
        "https://example.com/blog",
        "https://example.com/blog",
    ]
    assert "<table>" not in page


def test_list_markdown_stays_the_table() -> None:
    lines = run("--store", str(TINY), "list", "-f", "markdown").stdout.splitlines()
    assert lines[:2] == ["# Events", ""]
    assert lines[2].startswith("| id | date | precision | kind | companies | title | amount |")
    assert lines[4].startswith(
        "| invest-2019 | 2019-07-22 | day | investment | microsoft;openai |"
        " Microsoft invests $1B in OpenAI | 1000000000 | USD |"
    )
    assert len(lines) == 4 + 6


def test_store_text_makes_no_markup_in_the_document() -> None:
    assert inline("*a* _b_ ~c~ [l](x) <i> AT&T &amp; `c` # h") == (
        "\\*a\\* \\_b\\_ \\~c\\~ \\[l\\](x) &lt;i> AT&T &amp;amp; \\`c\\` # h"
    )
    assert (inline("# x"), inline("- y"), inline("1. z")) == ("\\# x", "\\- y", "1\\. z")
    assert destination("https://e.example/a b(c)<d>\\") == (
        "https://e.example/a%20b%28c%29%3Cd%3E%5C"
    )
    store = load_store(TINY)
    hostile = "# h [click](javascript:x) <img src=x> **b** > q"
    store = replace(store, events=tuple(replace(e, title=hostile) for e in store.events))
    page = MarkdownIt("commonmark").render(to_markdown_document(store, store.events))
    assert "<img" not in page and "<strong>b</strong>" not in page
    assert "javascript:" not in re.findall(r'href="([^"]+)"', page)[0]
    assert page.count("<h3>") == 6


# --- YAML -------------------------------------------------------------------------------


def test_the_yaml_export_keeps_the_store_key_order() -> None:
    result = run("export", "-f", "yaml")
    exported = yaml.safe_load(result.stdout)
    original = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    assert list(exported) == list(original) == [
        "version", "companies", "sources", "terms", "deals", "events",
    ]  # fmt: skip
    assert [e["id"] for e in exported["events"]] == [e["id"] for e in original["events"]]
    for mine, theirs in zip(exported["events"], original["events"], strict=True):
        kept = [key for key in mine if key in theirs]
        assert kept == list(theirs), mine["id"]
        assert list(mine)[:2] == ["id", "date"]
        for cited, source in zip(mine["sources"], theirs["sources"], strict=True):
            assert [k for k in cited if k in source] == list(source)
    for section in ("companies", "sources", "terms", "deals"):
        assert list(exported[section]) == list(original[section])
        for key, entry in exported[section].items():
            assert [k for k in entry if k in original[section][key]] == list(original[section][key])


def _lines_but_summaries(text: str) -> list[str]:
    """The store's lines without comments, blank lines and the lines of folded summaries
    (wrapped by hand in the store, by PyYAML in the export)."""
    kept, folding = [], False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if folding and line.startswith(" " * 6):
            continue
        folding = line.strip() == "summary: >-"
        kept.append(line)
    return kept


def test_the_yaml_export_of_the_whole_store_is_the_store_line_for_line() -> None:
    exported = run("export", "-f", "yaml").stdout
    assert _lines_but_summaries(exported) == _lines_but_summaries(BUNDLED.read_text())
    again = parse_store(exported.encode(), "again.yaml")
    assert again.events == load_store(BUNDLED).events


# --- HTML paragraphs and long words -----------------------------------------------------


def test_summaries_keep_their_paragraphs() -> None:
    assert paragraphs("One.\nStill one.\n\nTwo.") == ["One. Still one.", "Two."]
    assert paragraphs("Folded one.\nFolded two.") == ["Folded one.", "Folded two."]
    store = load_store(TINY)
    first = replace(store.events[0], summary="First paragraph.\n\nSecond <b>one</b>.")
    page = to_html(store, [first], Filters())
    assert (
        '<p class="summary">First paragraph.</p>\n'
        '<p class="summary">Second &lt;b&gt;one&lt;/b&gt;.</p>' in page
    )


@pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM}")
def test_long_words_wrap_in_headings_at_phone_width(tmp_path: Path) -> None:
    store = _store_with(tmp_path, LONG_WORD, "First paragraph.\n\nSecond paragraph.")
    page_file = tmp_path / "page.html"
    assert run("--store", str(store), "export", "-f", "html", "-o", str(page_file)).code == 0
    with chromium_page(360, 740) as page:
        page.goto(page_file.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") == 360
        heading = page.locator("#event-invest-2019 h3")
        box = heading.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 360
        assert heading.evaluate("h => h.scrollWidth <= h.clientWidth") is True
        lines = heading.evaluate("h => Math.round(h.getBoundingClientRect().height / 18.2)")
        assert lines >= 3  # the word broke over lines instead of overflowing
        assert page.locator("#event-invest-2019 p.summary").all_inner_texts() == [
            "First paragraph.",
            "Second paragraph.",
        ]
