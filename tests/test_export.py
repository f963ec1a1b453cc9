"""`dealtimeline export`: every format's exact output, escaping, the calendar read back with
icalendar, the YAML store round trip, and the command's messages and errors."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from typing import cast

import icalendar
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from dealtimeline.cli import app
from dealtimeline.cli.exporting import size_text
from dealtimeline.core.model import Store
from dealtimeline.core.query import Filters
from dealtimeline.core.sanitize import one_line
from dealtimeline.export import EXPORT_FORMATS, TEXT_FORMATS, export
from dealtimeline.export.html import SCRIPT, STYLE, to_html
from dealtimeline.export.ics import fold, text, to_ics
from dealtimeline.export.mermaid import label, to_mermaid
from dealtimeline.export.timelinejs import date_parts
from dealtimeline.serialize.text_formats import markdown_cell
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store, parse_store
from dealtimeline.views.timeline import ListView
from tests.helpers import DATA, TINY, TODAY, WIDTH, run

EXPECTED = DATA / "export"
AWKWARD = DATA / "awkward.yaml"
STAMP = date.fromisoformat(TODAY)
FORMAT_LINE = "Formats: html, ics, mermaid, timelinejs, json, csv, markdown, yaml, sqlite\n"


def tiny() -> Store:
    return load_store(TINY)


def exported(path: Path, *args: str) -> bytes:
    """The bytes `export` writes with -o, after checking what it says on stderr."""
    result = run(*args, "-o", str(path))
    assert result.code == 0, result.stderr
    data = path.read_bytes()
    count = result.stderr.split()[1]
    noun = "event" if count == "1" else "events"
    assert result.stderr == f"Wrote {count} {noun} to {path} ({size_text(len(data))})\n"
    return data


def with_source_url(store: Store, source_id: str, url: str) -> Store:
    sources = dict(store.sources)
    sources[source_id] = replace(sources[source_id], url=url)
    return replace(store, sources=sources)


def with_title(store: Store, event_id: str, title: str) -> Store:
    events = tuple(replace(e, title=title) if e.id == event_id else e for e in store.events)
    return replace(store, events=events)


# --- exact output on the fixture store --------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "file"),
    [
        ("html", "tiny.html"),
        ("mermaid", "tiny.mmd"),
        ("timelinejs", "tiny.timeline.json"),
        ("yaml", "tiny.yaml"),
        ("ics", "tiny.ics"),
    ],
)
def test_each_format_exactly_on_the_fixture_store(tmp_path: Path, fmt: str, file: str) -> None:
    expected = (
        (EXPECTED / file).read_bytes().replace(b"@VERSION@", version("dealtimeline").encode())
    )
    data = exported(tmp_path / file, "--store", str(TINY), "export", "--format", fmt)
    assert data == expected


def test_the_expected_calendar_has_crlf_line_ends_only() -> None:
    data = (EXPECTED / "tiny.ics").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == 92
    assert b"\r" not in data.replace(b"\r\n", b"")


def test_the_mermaid_diagram_of_the_fixture_store() -> None:
    assert to_mermaid(tiny(), tiny().events) == (
        "timeline\n"
        "    title Deal timeline (6 events, 2019-07-22 to Oct 2025)\n"
        "    section 2019\n"
        "        2019-07-22 : Microsoft invests $1B in OpenAI ($1B)\n"
        "    section 2022\n"
        "        2022 : Oracle said to join in 2022\n"
        "    section 2024\n"
        "        Oct 2024 : A reported $10B Oracle deal (~$10B)\n"
        "    section 2025\n"
        "        2025-01-21 : Microsoft moves to a right of first refusal\n"
        "        2025-09-10 : OpenAI to buy $300B of Oracle computing from 2027 (~$300B)\n"
        "        Oct 2025 : Microsoft gives up its right of first refusal\n"
    )


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_are_what_list_prints(fmt: str) -> None:
    filters = ("--company", "oracle", "--since", "2024", "--reverse")
    listed = run("--store", str(TINY), "list", "--format", fmt, *filters)
    result = run("--store", str(TINY), "export", "--format", fmt, *filters)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == listed.stdout
    assert listed.stdout.count("oracle-300b-2025") == 1


def test_csv_is_the_list_of_events() -> None:
    result = run("--store", str(TINY), "export", "-f", "csv", "--kind", "terms")
    assert result.stdout == (
        "id,date,precision,kind,companies,title,amount,currency,status,disputed,sources,"
        "deal,measure,from,to,over,capacity,capacity_unit\r\n"
        "rofr-2025,2025-01-21,day,terms,microsoft;openai,Microsoft moves to a right of first "
        "refusal,,,official,no,blog-2025,,,,,,,\r\n"
        "no-rofr-2025,2025-10,month,terms,microsoft;openai,Microsoft gives up its right of "
        "first refusal,,,official,no,blog-2025,,,,,,,\r\n".replace("\r\n", "\n")
    )


def test_csv_formula_cells_are_made_inert() -> None:
    store = tiny()
    starts = {
        "invest-2019": "=HYPERLINK(1)",
        "oracle-claim-2022": "+1+1",
        "oracle-deal-2024": "-2+3",
        "rofr-2025": "@SUM(A1)",
        "oracle-300b-2025": "\tTAB",
        "no-rofr-2025": "\rCR",
    }
    for event_id, title in starts.items():
        store = with_title(store, event_id, title)
    rows = list(csv.reader(io.StringIO(export("csv", store, store.events, Filters(), STAMP))))
    assert [row[5] for row in rows[1:]] == [
        "'=HYPERLINK(1)",
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTAB",
        "'\\x0dCR",
    ]


def test_csv_formula_cells_are_made_inert_in_every_table(tmp_path: Path) -> None:
    store = tmp_path / "formulas.yaml"
    store.write_text(
        TINY.read_text()
        .replace("name: Oracle", "name: '=HYPERLINK(\"https://x\")'")
        .replace("aliases: [OCI, ORCL]", "aliases: ['@SUM(A1)', '+1']")
        .replace("publisher: The Wire", "publisher: '-2+3'")
        .replace("value: about $10B of capacity", "value: '=1+1'")
    )

    def rows(command: str) -> list[list[str]]:
        return list(
            csv.reader(io.StringIO(run("--store", str(store), command, "-f", "csv").stdout))
        )

    assert rows("companies")[3] == [
        "oracle",
        '\'=HYPERLINK("https://x")',
        "'@SUM(A1);+1",
        "3",
        "2022",
        "2025-09-10",
    ]
    assert rows("sources")[3][1] == "'-2+3"
    assert [row[1] for row in rows("state")] == ["value", "(none)", "'=1+1"]


# --- Markdown ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. first", "1\\. first"),
        ("2.5 GW", "2\\.5 GW"),
        ("a | b", "a \\| b"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("![x](https://t.example/p.png)", "!\\[x\\](https://t.example/p.png)"),
        ("`code | x`", "\\`code \\| x\\`"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        ("back\\slash", "back\\\\slash"),
        ("one\ntwo", "one<br>two"),
        ("bell\x07", "bell\\\\x07"),
    ],
)
def test_markdown_cells(cell: str, escaped: str) -> None:
    assert markdown_cell(cell) == escaped


def test_markdown_cells_render_as_the_text_they_hold() -> None:
    titles = [
        "# heading",
        "> quote",
        "- item",
        "1. first",
        "a | b",
        "[click](javascript:alert(1))",
        "![x](https://t.example/p.png)",
        "`code | x` and \\ a backslash",
        "<img src=x onerror=alert(1)>",
    ]
    store = tiny()
    for event, title in zip(store.events, titles, strict=False):
        store = with_title(store, event.id, title)
    table = ListView(store, store.events, Filters()).text("markdown")
    page = MarkdownIt("commonmark").enable("table").render(table)
    assert not re.search(r"<(a|img|code|blockquote|ul|ol|h[2-6]|script)\b", page)
    for title in titles[: len(store.events)]:
        assert f"<td>{html.escape(title, quote=False)}</td>" in page


# --- HTML -------------------------------------------------------------------------------


class _Links(HTMLParser):
    """Every href, and the text inside script and style elements."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self.inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if name == "href"]
        self.inside = tag if tag in self.blocks else None

    def handle_endtag(self, tag: str) -> None:
        self.inside = None

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.blocks[self.inside].append(data)


def parsed(page: str) -> _Links:
    links = _Links()
    links.feed(page)
    return links


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "data:text/html,<b>x</b>"],
)
def test_a_url_that_is_not_http_is_never_a_link(url: str) -> None:
    store = with_source_url(tiny(), "paper-2019", url)
    page = to_html(store, store.events)
    assert parsed(page).hrefs == ["https://example.com/blog"] * 2
    shown = url.replace("<", "&lt;").replace(">", "&gt;")
    assert f'Microsoft invests in OpenAI <span class="url">{shown}</span>' in page


def test_every_link_is_http_and_every_attribute_is_escaped() -> None:
    store = load_store(AWKWARD)
    page = to_html(store, store.events)
    assert parsed(page).hrefs == [
        'http://example.org/a?x=1&y="2"',
        "https://example.de/größe",
        'http://example.org/a?x=1&y="2"',
    ]
    assert 'href="http://example.org/a?x=1&amp;y=&quot;2&quot;"' in page
    assert (
        '<span class="tag" style="background:#d75f00;color:#000000">'
        "Acme &quot;Quotes&quot; &amp; &lt;Co&gt;</span>"
    ) in page


def test_a_script_in_a_title_is_text() -> None:
    store = with_title(tiny(), "rofr-2025", '<script>alert("x")</script><img src=x onerror=y>')
    page = to_html(store, store.events)
    assert page.count("<script") == 1
    assert "<img" not in page
    assert (
        "<h3>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=y&gt;</h3>"
        in page
    )


def test_no_store_text_in_the_style_or_script() -> None:
    store = load_store(AWKWARD)
    blocks = parsed(to_html(store, store.events)).blocks
    assert blocks == {"script": [f"\n{SCRIPT}"], "style": [f"\n{STYLE}"]}


def test_control_characters_are_shown_not_sent() -> None:
    store = load_store(AWKWARD)
    page = to_html(store, store.events)
    assert "\x1b" not in page and "\x07" not in page
    assert (
        '<p class="summary">Line one</p>\n<p class="summary">Line two\twith a tab, a bell\\x07 and '
        "\\x1b[31mred\\x1b[0m; done</p>"
    ) in page


def test_the_page_has_a_title_a_generator_and_print_and_phone_styles() -> None:
    page = to_html(tiny(), tiny().events)
    assert "<title>Deal timeline: 6 events, 2019-07-22 to Oct 2025</title>" in page
    assert f'<meta name="generator" content="dealtimeline {version("dealtimeline")}">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media print{" in page and "@media (max-width:40rem){" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.split("<main>")[0])


def test_an_empty_export_is_a_valid_page() -> None:
    page = to_html(tiny(), [])
    assert '<p class="empty">No events match these filters.</p>' in page
    assert '<option value="">All companies (0)</option>\n</select>' in page
    assert page.endswith("</body>\n</html>\n")


# --- iCalendar --------------------------------------------------------------------------


def test_text_escaping() -> None:
    assert text('a\\b; c, d\ne\r\nf\rg\th\x1bi\x00j\x7fk\x85l "m"') == (
        "a\\\\b\\; c\\, d\\ne\\nf\\ng\th" + 'ijkl "m"'
    )
    assert text("a\u202eb\u2066c\u200fd\u061ce") == "abcde"


def test_folding_at_75_octets_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 40 + "東" * 30
    folded = fold(line).encode("utf-8")
    lines = folded.split(b"\r\n")
    assert lines[-1] == b""
    assert [len(x) for x in lines[:-1]] == [74, 75, 31]
    for physical in lines[:-1]:
        physical.decode("utf-8")
    assert folded.replace(b"\r\n ", b"").decode() == line + "\r\n"
    assert fold("X" * 75) == "X" * 75 + "\r\n"
    assert fold("X" * 76) == "X" * 75 + "\r\n X\r\n"


def test_the_calendar_reads_back_with_icalendar() -> None:
    store = load_store(AWKWARD)
    data = to_ics(store, store.events).encode("utf-8")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == (
        "2.0",
        "-//dealtimeline//dealtimeline export//EN",
    )
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert list(events) == ["e-year@dealtimeline", "e-long@dealtimeline", "e-special@dealtimeline"]
    spans = {
        uid: (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["STATUS"]))
        for uid, e in events.items()
    }
    assert spans == {
        "e-year@dealtimeline": (date(2023, 1, 1), date(2024, 1, 1), "CONFIRMED"),
        "e-long@dealtimeline": (date(2024, 6, 1), date(2024, 7, 1), "TENTATIVE"),
        "e-special@dealtimeline": (date(2024, 6, 11), date(2024, 6, 12), "CONFIRMED"),
    }
    long_title = store.event("e-long")
    assert long_title is not None
    assert len(f"SUMMARY:{long_title.title}".encode()) > 150
    assert str(events["e-long@dealtimeline"]["SUMMARY"]) == long_title.title
    special = events["e-special@dealtimeline"]
    assert str(special["SUMMARY"]) == (
        "Deal: 50% #1; <script>alert('x')</script> & \"more\" %% no comment"
    )
    assert str(special["DESCRIPTION"]) == (
        "Line one\nLine two\twith a tab, a bell and [31mred[0m; done\n\n"
        "Amount: €2.5B (a, b; c)\n"
        'Companies: Acme "Quotes" & <Co>, OpenAI\n'
        "Date as written: 2024-06-11\n"
        "Disputed: Smith, Jones; Co \\ Ltd\n\n"
        "Sources:\n"
        '- Example, Inc., 2024-06-11: "Said: "yes"; then, no\\maybe" '
        'http://example.org/a?x=1&y="2"\n\n'
        "Disputed by:\n"
        '- Smith, Jones; Co \\ Ltd, 2023: "It never happened,\nsaid nobody"'
    )
    assert str(special["URL"]) == 'http://example.org/a?x=1&y="2"'
    assert cast(icalendar.prop.vCategory, special["CATEGORIES"]).cats == ["capacity"]
    # The newest publication date of the store's sources, not the day of the export.
    assert special.decoded("DTSTAMP").isoformat() == "2024-06-11T00:00:00+00:00"


def test_every_bundled_event_reads_back_with_its_span() -> None:
    store = load_store(bundled_store())
    data = to_ics(store, store.events).encode("utf-8")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    read = [
        (str(e["UID"]), e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"]))
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    ]
    assert read == [
        (f"{e.id}@dealtimeline", e.date.start, e.date.end + timedelta(days=1), e.title)
        for e in store.events
    ]
    assert len(read) == 78


def test_the_url_is_the_first_http_source() -> None:
    store = with_source_url(tiny(), "paper-2019", "javascript:alert(1)")
    calendar = icalendar.Calendar.from_ical(to_ics(store, store.events))
    urls = {str(e["UID"]): str(e.get("URL", "")) for e in calendar.walk("VEVENT")}
    assert urls == {
        "invest-2019@dealtimeline": "",
        "oracle-claim-2022@dealtimeline": "",
        "oracle-deal-2024@dealtimeline": "",
        "rofr-2025@dealtimeline": "https://example.com/blog",
        "oracle-300b-2025@dealtimeline": "",
        "no-rofr-2025@dealtimeline": "https://example.com/blog",
    }


def test_the_calendar_on_stdout_keeps_its_crlf() -> None:
    environment = {"COLUMNS": WIDTH, "DEALTIMELINE_TODAY": TODAY, "NO_COLOR": "1"}
    result = CliRunner().invoke(app, ["--store", str(TINY), "export", "-f", "ics"], env=environment)
    assert result.exit_code == 0
    assert result.stdout_bytes == (EXPECTED / "tiny.ics").read_bytes()


# --- Mermaid ----------------------------------------------------------------------------


def test_mermaid_labels_code_what_mermaid_would_read() -> None:
    assert label('a: b # c; d %% e <f> & "g" {h} [i] `j`') == (
        "a#58; b #35; c#59; d #37;#37; e #60;f#62; #38; #34;g#34; #123;h#125; #91;i#93; #96;j#96;"
    )
    assert label("#58; is not decoded") == "#35;58#59; is not decoded"


def test_mermaid_labels_stay_on_one_line() -> None:
    assert label("one\ntwo\r\nthree\u2028four\x1bfive  ") == "one two three four\\x1bfive"
    assert label("\n".join(["x"] * 3)) == one_line("x x x")


def test_mermaid_of_awkward_text() -> None:
    store = load_store(AWKWARD)
    lines = to_mermaid(store, store.events).splitlines()
    assert lines[2:] == [
        "    section 2023",
        "        2023 : #91;bold#93;Markup#91;/bold#93; #123;curly#125; #96;tick#96; #91;x#93;",
        "    section 2024",
        "        Jun 2024 : Größere Rechenzentren für OpenAI#58; 東京とオーサカのデータセンター"
        "契約が締結され、容量は合計で五ギガワットに達する見込み",
        "        2024-06-11 : Deal#58; 50#37; #35;1#59; #60;script#62;alert('x')#60;/script#62; "
        "#38; #34;more#34; #37;#37; no comment (€2.5B)",
    ]


# --- TimelineJS -------------------------------------------------------------------------


def test_timelinejs_dates_hold_only_what_the_precision_knows() -> None:
    store = tiny()
    assert [date_parts(e.date) for e in store.events] == [
        {"year": "2019", "month": "7", "day": "22"},
        {"year": "2022"},
        {"year": "2024", "month": "10"},
        {"year": "2025", "month": "1", "day": "21"},
        {"year": "2025", "month": "9", "day": "10"},
        {"year": "2025", "month": "10"},
    ]


def test_timelinejs_escapes_the_headline() -> None:
    store = load_store(AWKWARD)
    data = json.loads(export("timelinejs", store, store.events, Filters(), STAMP))
    special = data["events"][2]
    assert special["unique_id"] == "e-special"
    assert special["group"] == "capacity"
    assert special["display_date"] == "2024-06-11"
    assert special["text"]["headline"] == (
        "Deal: 50% #1; &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; "
        "&quot;more&quot; %% no comment"
    )
    assert "<script" not in json.dumps(data)


# --- YAML store -------------------------------------------------------------------------


@pytest.mark.parametrize("store_file", [TINY, AWKWARD, None])
def test_the_yaml_export_is_a_store_that_loads_back_to_equal_events(
    tmp_path: Path, store_file: Path | None
) -> None:
    source = store_file or bundled_store()
    path = tmp_path / "out.yaml"
    exported(path, "--store", str(source), "export", "--format", "yaml")
    validated = run("validate", str(path))
    assert validated.code == 0, validated.stderr
    original, again = load_store(source), parse_store(path.read_bytes(), "out.yaml")
    assert again.events == original.events
    assert again.companies == original.companies
    assert again.sources == original.sources
    assert again.terms == original.terms


def test_a_filtered_yaml_export_takes_only_what_its_events_reference(tmp_path: Path) -> None:
    path = tmp_path / "oracle.yaml"
    args = ("--store", str(TINY), "export", "-f", "yaml", "--company", "oracle", "--kind")
    exported(path, *args, "partnership")
    again = parse_store(path.read_bytes(), "oracle.yaml")
    assert again.events == tuple(e for e in tiny().events if e.id == "oracle-claim-2022")
    assert (list(again.companies), list(again.sources), list(again.terms)) == (
        ["openai", "oracle"],
        ["paper-2019", "rumour-2024"],
        [],
    )
    exported(path, *args, "capacity")
    again = parse_store(path.read_bytes(), "oracle.yaml")
    assert [e.id for e in again.events] == ["oracle-deal-2024", "oracle-300b-2025"]
    assert list(again.terms) == ["oracle-capacity"]


def test_control_characters_survive_the_yaml_export() -> None:
    store = load_store(AWKWARD)
    data = export("yaml", store, store.events, Filters(), STAMP)
    assert '  summary: "Line one\\nLine two\\twith a tab, a bell\\a and \\e[31mred' in data
    assert parse_store(data.encode(), "x.yaml").events == store.events


# --- the command ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_the_bundled_store_exports_in_every_format(tmp_path: Path, fmt: str) -> None:
    data = exported(tmp_path / f"bundled.{fmt}", "export", "--format", fmt)
    assert len(data) > 4000


NO_EVENTS = (
    "Error: no events match these filters\n"
    "Nothing was written; 'dealtimeline list' with the same filters shows what they keep.\n"
)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_a_filter_that_matches_nothing_writes_nothing_and_exits_1(tmp_path: Path, fmt: str) -> None:
    if fmt in TEXT_FORMATS:  # a database is never written to standard output
        result = run("--store", str(TINY), "export", "-f", fmt, "--search", "no such words")
        assert (result.code, result.stdout, result.stderr) == (1, "", NO_EVENTS)
    target = tmp_path / f"empty.{fmt}"
    written = run(
        "--store", str(TINY), "export", "-f", fmt, "-s", "no such words", "-o", str(target)
    )
    assert (written.code, written.stdout, written.stderr) == (1, "", NO_EVENTS)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_format_is_a_usage_error() -> None:
    result = run("--store", str(TINY), "export", "--format", "pdf")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "Error: no export format 'pdf'\n" + FORMAT_LINE


def test_the_format_is_required() -> None:
    result = run("--store", str(TINY), "export")
    assert result.code == 2
    assert result.stderr.startswith("Error: Missing option '--format'")


def test_the_format_name_is_read_in_any_case() -> None:
    upper = run("--store", str(TINY), "export", "-f", " Mermaid ")
    assert upper.stdout == to_mermaid(tiny(), tiny().events)


def test_a_bad_company_is_a_usage_error() -> None:
    result = run("--store", str(TINY), "export", "-f", "ics", "--company", "oracel")
    assert result.code == 2
    assert result.stderr == "Error: no company 'oracel'\nDid you mean: oracle?\n"


def test_dash_writes_to_stdout() -> None:
    result = run("--store", str(TINY), "export", "-f", "mermaid", "-o", "-")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == to_mermaid(tiny(), tiny().events)


def test_a_write_that_fails_leaves_nothing_and_says_why(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.html"
    result = run("--store", str(TINY), "export", "-f", "html", "-o", str(target))
    assert result.code == 1
    assert result.stderr == (
        f"Error: {target}: cannot write the file: No such file or directory; it was left as "
        "it was\ncheck the folder exists, is writable and has free space\n"
    )
    assert not target.parent.exists()


def test_a_single_event_is_counted_in_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "one.mmd"
    result = run("--store", str(TINY), "export", "-f", "mermaid", "--limit", "1", "-o", str(path))
    assert result.stderr == f"Wrote 1 event to {path} ({size_text(path.stat().st_size)})\n"


def test_the_help_names_the_formats_and_an_example() -> None:
    result = run("export", "--help")
    assert result.code == 0
    flat = " ".join(result.stdout.split())
    assert "The filtered events as a file: a page, a calendar, data." in flat
    assert "Formats: html (one standalone page), ics (calendar), mermaid" in flat
    assert "Example: dealtimeline export --format html --company oracle -o oracle.html" in flat


def test_sizes_are_short() -> None:
    assert [size_text(n) for n in (0, 999, 1000, 12_345, 999_949, 1_400_000)] == [
        "0 B",
        "999 B",
        "1.0 KB",
        "12.3 KB",
        "999.9 KB",
        "1.4 MB",
    ]


@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_write_to_the_real_stdout(output: str) -> None:
    command = [sys.executable, "-m", "dealtimeline", "--store", str(TINY), "export"]
    result = subprocess.run(
        [*command, "-f", "mermaid", "-o", output],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == to_mermaid(tiny(), tiny().events)


def test_a_pipe_or_device_is_never_replaced_by_a_file(tmp_path: Path) -> None:
    # (A FIFO here, not /dev/null: the code before this test replaced the target, as root.)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    result = run("--store", str(TINY), "export", "-f", "json", "-o", str(fifo))
    assert (result.code, result.stderr) == (
        1,
        f"Error: {fifo}: this is not a regular file (a folder, a device or a pipe); nothing "
        "was written\ngive the path of a file\n",
    )
    assert fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]


class _Sources(HTMLParser):
    """The text of each cited source of the page, with its classes: what a reader sees."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "li" and (found.get("class") or "").startswith("source"):
            self.items.append((found.get("class") or "", ""))
            self.depth = 1
        elif self.depth and tag == "p":
            self.items[-1] = (self.items[-1][0], self.items[-1][1] + " | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.items[-1] = (self.items[-1][0], self.items[-1][1] + data.strip())


def test_html_labels_another_basis_and_context_apart_from_support(tmp_path: Path) -> None:
    page = exported(
        tmp_path / "doubt.html", "--store", str(DATA / "doubt.yaml"), "export", "-f", "html"
    )
    sources = _Sources()
    sources.feed(page.decode())
    assert sources.items[:4] == [
        ("source", "a $10 billion deal | The Wire,2024-03-02, press:CloudCo and OpenAI sign"),
        (
            "source other-basis",
            "the $4 billion first phase | The Post,2024-03-05, press:The deal was a day earlier"
            " | other basis: The Post (the first phase only)",
        ),
        ("source", "signed on February 29 | The Post,2024-03-05, press:The deal was a day earlier"),
        (
            "source context",
            "the largest cloud deal yet | The Blog,2025-02-12, copy:Doubts about the expansion"
            " | context: The Blog",
        ),
    ]


def test_exports_say_what_each_amount_measures_who_pays_whom_and_the_capacity() -> None:
    deals = ("--store", str(DATA / "deals.yaml"), "export", "-f")
    purchase = "$300B compute purchase, OpenAI → Oracle, over five years"
    mermaid = run(*deals, "mermaid").stdout.splitlines()
    assert mermaid[3:8] == [
        "        2025-01-21 : A venture to invest $500B ($500B capacity build, to OpenAI)",
        "        2025-09-10 : A report of $300B (~$300B compute purchase, OpenAI → Oracle)",
        "        2025-09-20 : 4.5 GW (4.5 GW)",
        f"        2025-09-23 : OpenAI confirms $300B ({purchase})",
        "        2025-10-01 : An amount of no measure ($1B)",
    ]
    html = run(*deals, "html").stdout
    assert f'<p class="amount">{purchase}</p>' in html
    assert '<p class="amount">4.5 GW</p>' in html
    slides = json.loads(run(*deals, "timelinejs").stdout)["events"]
    texts = {s["unique_id"]: s["text"]["text"] for s in slides}
    assert f'<p class="amount">{purchase}</p>' in texts["confirmed"]
    assert '<p class="amount">~$300B compute purchase, OpenAI → Oracle</p>' in texts["report"]
    ics = run(*deals, "ics").stdout.replace("\r\n", "\n").replace("\n ", "")
    assert (
        "DESCRIPTION:Amount: $300B compute purchase\\, OpenAI → Oracle\\, over five years\\n" in ics
    )
    assert "DESCRIPTION:Amount: 4.5 GW\\nCompanies: OpenAI\\, Oracle\\n" in ics
