"""`open` and `cite`: which source is an event's best, its citation in three formats with
store text escaped, the browser given only http(s) addresses, and source addresses as
hyperlinks that are never wrapped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import webbrowser
from dataclasses import replace
from pathlib import Path

import pytest

from dealtimeline.core.sanitize import link_target
from dealtimeline.core.sourcing import best_citation, evidence
from dealtimeline.store.reader import parse_store
from tests.helpers import TODAY, on_a_terminal, opened_into, run

STORE = r"""version: 1
companies:
  openai:
    name: OpenAI
sources:
  wire-copy:
    title: A copy
    publisher: The Wire
    published: 2024-01-01
    url: https://copy.example/a
    grade: copy
  late-press:
    title: Late news
    publisher: Late Daily
    published: 2024-03-01
    url: https://press.example/late
  early-press:
    title: Early news
    publisher: Early Times
    published: 2024-02-01
    url: https://press.example/early
  primary-dispute:
    title: The company says no
    publisher: OpenAI
    published: 2024-01-01
    url: https://primary.example/no
    grade: primary
  context-primary:
    title: Background
    publisher: OpenAI
    published: 2023-01-01
    url: https://primary.example/background
    grade: primary
  no-url:
    title: Print only
    publisher: The Print
    published: 2024-05
  hostile:
    title: "{Evil} 50% & $x_y #1 \\ ~^ *bold* [a](b) <i>"
    publisher: "1. Press_Co & Sons"
    published: 2024-02
    url: "https://h.example/a{b}\\c<d>"
  unicode-url:
    title: Un titre
    publisher: Le Journal
    published: 2024
    url: "https://例え.jp/ニュース"
events:
  - id: e-best
    date: 2024-01-01
    title: Something happened
    kind: capacity
    companies: [openai]
    sources:
      - source: wire-copy
        quote: "a"
      - source: late-press
        quote: "b"
      - source: early-press
        quote: "c"
      - source: primary-dispute
        quote: "d"
        disputes: [date]
      - source: context-primary
        quote: "e"
        role: context
  - id: e-none
    date: 2024-01-02
    title: Only doubted
    kind: capacity
    companies: [openai]
    sources:
      - source: primary-dispute
        quote: "d"
        disputes: true
      - source: context-primary
        quote: "e"
        role: context
  - id: e-hostile
    date: 2024-02-01
    title: "Cited for {this} & that_"
    kind: capacity
    companies: [openai]
    sources:
      - source: hostile
        quote: "x"
  - id: e-print
    date: 2024-05-01
    title: In print
    kind: capacity
    companies: [openai]
    sources:
      - source: no-url
        quote: "y"
      - source: unicode-url
        quote: "z"
"""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(STORE, encoding="utf-8")
    return path


def test_the_best_source_supports_then_grade_then_earliest_then_first_written() -> None:
    loaded = parse_store(STORE.encode(), "s.yaml")
    by_id = {e.id: e for e in loaded.events}
    best = best_citation(loaded, by_id["e-best"])
    # The primary source disputes the event and the other only gives context: neither
    # is a citation for it; of the two press sources, the earlier.
    assert best is not None and best.source == "early-press"
    assert best_citation(loaded, by_id["e-none"]) is None
    found = best_citation(loaded, by_id["e-print"])
    assert found is not None and found.source == "unicode-url"  # 2024 before 2024-05
    numbered = [c.source for c in evidence(loaded, by_id["e-best"]).numbered]
    assert numbered == [
        "late-press",
        "early-press",
        "wire-copy",
        "primary-dispute",
        "context-primary",
    ]


def test_cite_in_each_format(store: Path) -> None:
    cite = ["--store", str(store), "cite", "e-best"]
    assert run(*cite).stdout == (
        'Early Times, "Early news", 2024-02-01, https://press.example/early\n'
    )
    assert run(*cite, "--format", "markdown").stdout == (
        "Early Times, [Early news](<https://press.example/early>), 2024-02-01.\n"
    )
    assert run(*cite, "-f", "BibTeX").stdout == (
        "@misc{early-press,\n"
        "  title = {{Early news}},\n"
        "  howpublished = {Early Times},\n"
        "  year = {2024},\n"
        "  month = feb,\n"
        "  date = {2024-02-01},\n"
        "  url = {https://press.example/early},\n"
        "  note = {Cited for: Something happened},\n"
        "}\n"
    )


def test_cite_escapes_store_text_in_markdown_and_bibtex(store: Path) -> None:
    cite = ["--store", str(store), "cite", "e-hostile"]
    assert run(*cite).stdout == (
        '1. Press_Co & Sons, "{Evil} 50% & $x_y #1 \\ ~^ *bold* [a](b) <i>", Feb 2024, '
        "https://h.example/a{b}\\c<d>\n"
    )
    assert run(*cite, "-f", "markdown").stdout == (
        "1\\. Press\\_Co \\& Sons, "
        "[{Evil} 50% \\& \\$x\\_y \\#1 \\\\ \\~^ \\*bold\\* \\[a\\](b) \\<i\\>]"
        "(<https://h.example/a{b}\\c%3Cd%3E>), Feb 2024.\n"
    )
    bibtex = run(*cite, "-f", "bibtex").stdout
    assert bibtex == (
        "@misc{hostile,\n"
        "  title = {{\\textbraceleft{}Evil\\textbraceright{} 50\\% \\& \\$x\\_y \\#1 "
        "\\textbackslash{} \\textasciitilde{}\\textasciicircum{} *bold* [a](b) <i>}},\n"
        "  howpublished = {1. Press\\_Co \\& Sons},\n"
        "  year = {2024},\n"
        "  month = feb,\n"
        "  date = {2024-02},\n"
        "  url = {https://h.example/a%7Bb%7D%5Cc<d>},\n"
        "  note = {Cited for: Cited for \\textbraceleft{}this\\textbraceright{} \\& that\\_},\n"
        "}\n"
    )
    for line in bibtex.splitlines()[1:-1]:  # every field's braces balance
        depth = 0
        for character in line:
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth >= 0, line
        assert depth == 0, line


def test_cite_says_what_is_wrong(store: Path) -> None:
    none = run("--store", str(store), "cite", "e-none")
    assert (none.code, none.stderr) == (
        1,
        "Error: no source supports the event 'e-none'\n"
        "Its citations dispute it or give context: dealtimeline show e-none\n",
    )
    typo = run("--store", str(store), "cite", "e-bset")
    assert (typo.code, typo.stderr) == (
        2,
        "Error: no event 'e-bset'\nDid you mean: e-best, e-hostile, e-none?\n",
    )
    wrong = run("--store", str(store), "cite", "e-best", "-f", "apa")
    assert (wrong.code, wrong.stderr) == (
        2,
        "Error: no format 'apa' here\nFormats for this command: plain, markdown, bibtex\n",
    )


def test_open_gives_the_browser_the_best_or_the_numbered_source(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened_into(opened))
    best = run("--store", str(store), "open", "e-best")
    assert (best.code, best.stdout) == (0, "Opened https://press.example/early\n")
    assert run("--store", str(store), "open", "e-best", "4").code == 0
    assert run("--store", str(store), "open", "e-best", "5").code == 0
    assert opened == [
        "https://press.example/early",
        "https://primary.example/no",
        "https://primary.example/background",
    ]


def test_open_says_what_is_wrong(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened_into(opened))
    beyond = run("--store", str(store), "open", "e-best", "6")
    assert (beyond.code, beyond.stderr) == (
        2,
        "Error: no source 6 for 'e-best': it has 5 sources\n"
        "See them numbered: dealtimeline show e-best\n",
    )
    assert run("--store", str(store), "open", "e-best", "0").code == 2
    typo = run("--store", str(store), "open", "e-bset")
    assert (typo.code, typo.stderr) == (
        2,
        "Error: no event 'e-bset'\nDid you mean: e-best, e-hostile, e-none?\n",
    )
    print_only = run("--store", str(store), "open", "e-print", "1")
    assert (print_only.code, print_only.stderr) == (
        1,
        "Error: source 'no-url' has no http or https address to open\n"
        "See its other sources: dealtimeline show e-print\n",
    )
    assert opened == []
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    failed = run("--store", str(store), "open", "e-best")
    assert (failed.code, failed.stderr) == (
        1,
        "Error: no web browser could be started\n"
        "The address: https://press.example/early (set BROWSER to choose one)\n",
    )


def test_open_runs_the_browser_that_browser_names(store: Path, tmp_path: Path) -> None:
    """The installed program, with BROWSER a script: it gets the address as one word."""
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    browser.chmod(0o700)
    env = {**os.environ, "BROWSER": str(browser), "DEALTIMELINE_TODAY": TODAY}
    result = subprocess.run(
        [sys.executable, "-m", "dealtimeline", "--store", str(store), "open", "e-best", "1"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, b"Opened https://press.example/late\n")
    assert record.read_text(encoding="utf-8") == "https://press.example/late\n"


OSC8 = re.compile(rb"\x1b\]8;id=[0-9]+;([!-~]*?)\x1b\\(.*?)\x1b\]8;;\x1b\\")


def test_on_a_terminal_addresses_are_hyperlinks_and_never_wrapped(store: Path) -> None:
    written = on_a_terminal("show", "e-hostile", store=store, columns="20")
    links = OSC8.findall(written)
    assert [target for target, _ in links] == [b"https://h.example/a{b}\\c<d>"]
    assert re.sub(rb"\x1b\[[0-9;]*m", b"", links[0][1]) == b"https://h.example/a{b}\\c<d>"
    # Only http(s) addresses of printable ASCII are links; the rest are text alone.
    written = on_a_terminal("show", "e-print", store=store)
    assert OSC8.findall(written) == []
    assert "https://例え.jp/ニュース".encode() in written


def test_piped_or_without_colour_an_address_is_its_text_on_one_line(store: Path) -> None:
    piped = run("--store", str(store), "show", "e-hostile", env={"COLUMNS": "20"}).stdout
    assert "\n   https://h.example/a{b}\\c<d>\n" in piped
    plain = on_a_terminal("--no-color", "show", "e-best", store=store, columns="20")
    assert b"\x1b" not in plain
    assert b"\n   https://primary.example/background\n" in plain


def test_a_link_target_is_only_a_safe_http_address() -> None:
    assert link_target("https://example.com/a?b=c;d#e") == "https://example.com/a?b=c;d#e"
    assert link_target("HTTP://EXAMPLE.COM") == "HTTP://EXAMPLE.COM"
    for unsafe in (
        "https://example.com/\x1b]8;;https://evil.example/\x1b\\",
        "https://example.com/\x07",
        "https://example.com/a b",
        "https://example.com/\u202e",
        "https://例え.jp/",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/",
        "https://",
        "",
        None,
    ):
        assert link_target(unsafe) is None, unsafe


BEFORE_AND_AFTER = """\
version: 1
companies:
  openai: {name: OpenAI}
sources:
  licence-2020:
    title: The licence, in 2020
    publisher: An outlet
    published: 2020-09-22
    grade: primary
  report-2024:
    title: The stake, in 2024
    publisher: A paper
    published: 2024-06-12
events:
  - id: stake-2024
    date: 2024-06
    title: A stake is reported
    kind: report
    companies: [openai]
    sources:
      - source: licence-2020
        quote: "an exclusive licence"
      - source: report-2024
        quote: "a 49 percent stake"
"""


def test_a_page_from_before_the_event_is_cited_only_when_no_later_one_supports_it() -> None:
    loaded = parse_store(BEFORE_AND_AFTER.encode(), "s.yaml")
    (event,) = loaded.events
    best = best_citation(loaded, event)
    # The 2020 page is primary, but it was written before the event: it supports where
    # a value held since, not the report of June 2024.
    assert best is not None and best.source == "report-2024"
    alone = replace(event, citations=event.citations[:1])
    found = best_citation(loaded, alone)
    assert found is not None and found.source == "licence-2020"
