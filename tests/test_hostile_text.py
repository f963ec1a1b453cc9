"""Hostile store text in every view's Markdown, CSV, JSON and YAML, in the messages that
quote it and in an SVG picture: shown escaped as data, or kept intact where a parser reads it.

The rich views, with colour and without, are in test_terminal.py; messages that quote a bad
store's text in test_hostile_stores.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from markdown_it import MarkdownIt

from dealtimeline.core.sanitize import http_url
from dealtimeline.export import TEXT_FORMATS
from tests.helpers import DATA, run

HOSTILE = DATA / "hostile.yaml"
# What a terminal would act on, or what reorders text: no output for people may hold one.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
TABLES = [
    (["list"], ("markdown", "csv")),
    (["show", "hostile-2024"], ("markdown",)),
    (["show", "--company", "evil"], ("markdown", "csv")),
    (["diff", "2023", "2025"], ("markdown", "csv")),
    (["state"], ("markdown", "csv")),
    (["companies"], ("markdown", "csv")),
    (["sources"], ("markdown", "csv")),
]
TEXT_VIEWS = [(args, fmt) for args, formats in TABLES for fmt in formats]
DATA_VIEWS = [args for args, _ in TABLES] + [["chart"]]


class _Rendered(HTMLParser):
    """The tags of a rendered Markdown page, and the text of each table cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.cells: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "td":
            self.inside = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.cells[-1] += data


def rendered(markdown: str) -> _Rendered:
    """The page as a CommonMark renderer with GitHub's tables shows it."""
    page = _Rendered()
    page.feed(MarkdownIt("commonmark").enable("table").render(markdown))
    return page


@pytest.mark.parametrize(("args", "fmt"), TEXT_VIEWS, ids=lambda v: " ".join(v))
def test_markdown_and_csv_show_controls_as_escapes(args: list[str], fmt: str) -> None:
    result = run("--store", str(HOSTILE), *args, "--format", fmt)
    assert (result.code, result.stderr) == (0, "")
    assert not UNSAFE.search(result.stdout.replace("\r\n", "\n"))
    assert "\\x1b" in result.stdout or "\\u202e" in result.stdout


@pytest.mark.parametrize("args", [args for args, f in TEXT_VIEWS if f == "markdown"], ids=" ".join)
def test_markdown_renders_store_text_as_text(args: list[str]) -> None:
    page = rendered(run("--store", str(HOSTILE), *args, "--format", "markdown").stdout)
    assert page.tags <= {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td"}


def test_markdown_cells_read_back_as_the_escaped_text() -> None:
    cells = rendered(run("--store", str(HOSTILE), "show", "hostile-2024", "-f", "markdown").stdout)
    assert cells.cells[cells.cells.index("companies") + 1] == (
        "Evil [bold red]Corp[/] \\x1b]0;pwned\\x07, OpenAI"
    )
    assert "Quote \\x1b[?1049h alt screen \\u202d override" in cells.cells
    assert "Label [/] \\x1b[2J" in cells.cells


def _strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in _strings(key) + _strings(value)]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("args", DATA_VIEWS, ids=" ".join)
def test_json_and_yaml_keep_the_text_intact(args: list[str]) -> None:
    as_json = json.loads(run("--store", str(HOSTILE), *args, "-f", "json").stdout)
    strings = _strings(as_json)
    assert any("\x1b" in s or "\x9b" in s for s in strings)
    assert not any("\\x1b" in s for s in strings)
    if args != ["chart"]:
        assert yaml.safe_load(run("--store", str(HOSTILE), *args, "-f", "yaml").stdout) == as_json


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_no_export_holds_a_raw_control_or_reordering_character(fmt: str) -> None:
    result = run("--store", str(HOSTILE), "export", "--format", fmt)
    assert (result.code, result.stderr) == (0, "")
    assert not UNSAFE.search(result.stdout.replace("\r\n", "\n"))


def test_a_suggestion_that_quotes_store_text_is_escaped() -> None:
    result = run("--store", str(HOSTILE), "list", "--company", "\x1b[31mRE")
    assert (result.code, result.stderr) == (
        2,
        "Error: no company '\\x1b[31mRE'\nDid you mean: \\x1b[31mRED?\n",
    )
    shown = run("--store", str(HOSTILE), "show", "--company", "\u202eLIA")
    assert shown.stderr == "Error: no company '\\u202eLIA'\nDid you mean: \\u202eLIAM?\n"


def test_an_svg_picture_of_hostile_text_is_well_formed_xml(tmp_path: Path) -> None:
    picture = tmp_path / "event.svg"
    result = run("--store", str(HOSTILE), "show", "hostile-2024", "--svg", str(picture))
    assert (result.code, result.stderr) == (0, f"Saved the picture to {picture}\n")
    text = picture.read_text()
    assert not UNSAFE.search(text)
    texts = ["".join(e.itertext()) for e in ElementTree.parse(picture).iter()]
    assert (
        "dealtimeline:\xa0[bold\xa0red]x[/]\xa0\\x1b]0;pwned\\x07\xa0\\x1b[2J\xa0\\u202e\xa0evil"
        "\xa0[link=https://x]y[/link]"
    ) in texts


MARKS_STORE = """\
version: 1
companies:
  acme:
    name: Acme
sources:
  marked:
    title: A source
    publisher: The Paper
    published: 2024-05-01
    url: "https://example.com/evil"
    grade: press
terms: {}
events:
  - id: marked-2024
    date: 2024-05-01
    title: "Arabic\\u061cmark, left\\u200eto right, right\\u200fto left"
    kind: investment
    companies: [acme]
    sources:
      - source: marked
        quote: "A quote"
"""


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["export", "--format", "html"],
        ["export", "--format", "markdown"],
        ["export", "--format", "csv"],
    ],
    ids=" ".join,
)
def test_the_letter_marks_are_shown_like_the_other_bidi_controls(
    tmp_path: Path, args: list[str]
) -> None:
    """U+061C, U+200E and U+200F reorder text as the other bidi controls do: every output
    for people shows them as escapes, and no link holds one."""
    store = tmp_path / "marks.yaml"
    store.write_text(MARKS_STORE, encoding="utf-8")
    result = run("--store", str(store), *args)
    assert (result.code, result.stderr) == (0, "")
    assert not UNSAFE.search(result.stdout)
    for escape in ("\\u061c", "\\u200e", "\\u200f"):
        assert escape in result.stdout


def test_an_address_with_a_letter_mark_is_refused_where_it_is_written(tmp_path: Path) -> None:
    """The one rule of unsafe characters holds for links too: the reader refuses such an
    address, so no exporter can link to it."""
    store = tmp_path / "marks.yaml"
    marked = MARKS_STORE.replace("https://example.com/evil", "https://example.com/\\u200fevil")
    store.write_text(marked, encoding="utf-8")
    result = run("--store", str(store), "validate")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0] == (
        f"{store}:10:10: url 'https://example.com/\\u200fevil' is not an http(s) address; use "
        "an address starting with https:// or http://, or leave 'url' out"
    )
    assert http_url("https://example.com/\u061cevil") is None
    assert http_url("https://example.com/evil") == "https://example.com/evil"
