"""Property tests over generated stores and random bytes.

(a) A store of arbitrary Unicode (controls, bidi, markup, YAML syntax) in every text field,
    dumped by PyYAML, reads back as written and survives `export --format yaml`.
(b) The same stores never make a view print a control character, nor crash it.
(c) Random and mutated bytes as a store give a Store or a DealtimelineError, never another
    exception, with libyaml and with the pure-Python parser. scripts/fuzz.py runs (c) longer.
"""

from __future__ import annotations

import io
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealtimeline.cli import app
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import GRADES, KINDS, Store
from dealtimeline.core.query import Filters
from dealtimeline.export import export
from dealtimeline.store import yaml_nodes
from dealtimeline.store.reader import parse_store
from tests.helpers import TINY
from tests.test_hostile_text import UNSAFE
from tests.test_terminal import OWN_SEQUENCE

# Characters that act on a terminal, reorder text, end lines, or mean something in YAML,
# Rich markup, Markdown, CSV or Mermaid; drawn often, next to any other character.
SPECIAL = (
    "\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\xa0\u061c\u200e\u202e\u2028\u2029\u2066"
    "\ufeff\U0001f600[]/=+-@#>|`*_<&:;%{}!?,\"'\\ "
)
TEXT = st.text(st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8")), max_size=12)
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def partial_dates(draw: st.DrawFn) -> int | str | date:
    """A year (an int in YAML), a month (text) or a day (a date), as a writer would put it."""
    day = draw(st.dates(date(1990, 1, 1), date(2040, 12, 31)))
    forms: list[int | str | date] = [day.year, f"{day.year}-{day.month:02d}", day]
    return draw(st.sampled_from(forms))


@st.composite
def store_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid store, as data: arbitrary text wherever the format takes text."""

    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.one_of(st.none(), strategy))

    def without_nones(mapping: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in mapping.items() if value is not None}

    aliases = st.lists(
        TEXT.filter(lambda a: a.lower() != "openai"), max_size=3, unique_by=str.lower
    )
    events = []
    for number in range(draw(st.integers(1, 3))):
        citations = [
            without_nones(
                {
                    "source": draw(st.sampled_from(["s1", "s2"])),
                    "quote": draw(TEXT.filter(lambda q: q.strip() != "")),
                    "disputes": maybe(st.booleans()),
                }
            )
            for _ in range(draw(st.integers(1, 2)))
        ]
        changes = [
            without_nones(
                {
                    "term": draw(st.sampled_from(["t1", "t2"])),
                    **draw(st.sampled_from([{"value": draw(TEXT)}, {"ends": True}])),
                    "effective": maybe(partial_dates()),
                }
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        amount = {"value": draw(st.integers(1, 10**12)), "currency": "USD", "note": draw(TEXT)}
        events.append(
            without_nones(
                {
                    "id": f"e{number}",
                    "date": draw(partial_dates()),
                    "title": draw(TEXT),
                    "summary": maybe(TEXT),
                    "kind": draw(st.sampled_from(KINDS)),
                    "companies": draw(st.sampled_from([["evil"], ["openai", "evil"]])),
                    "status": maybe(st.sampled_from(["official", "reported"])),
                    "amount": maybe(st.just(amount)),
                    "sources": citations,
                    "changes": changes or None,
                }
            )
        )
    source = {
        "title": draw(TEXT),
        "publisher": draw(TEXT),
        "published": draw(partial_dates()),
        "url": maybe(st.sampled_from(["https://example.com/a", "http://x.example/?q=[1]&r=2"])),
        "archive": maybe(TEXT.filter(lambda a: not re.search(r"[/\\]|^\.\.?$", a))),
        "grade": maybe(st.sampled_from(GRADES)),
    }
    return {
        "version": 1,
        "companies": {
            "evil": without_nones(
                {"name": draw(TEXT), "aliases": draw(aliases), "description": maybe(TEXT)}
            ),
            "openai": {"name": "OpenAI"},
        },
        "sources": {
            "s1": without_nones(source),
            "s2": {"title": draw(TEXT), "publisher": draw(TEXT), "published": 2024},
        },
        "terms": {
            "t1": {"label": draw(TEXT), "companies": ["evil"]},
            "t2": {"label": draw(TEXT), "companies": ["openai", "evil"]},
        },
        "events": events,
    }


def dumped(data: dict[str, Any], allow_unicode: bool) -> bytes:
    return yaml.safe_dump(data, allow_unicode=allow_unicode, sort_keys=False).encode()


def same(store: Store, again: Store) -> bool:
    """Equal events, and each company, source and term they reference equal too."""
    referenced = [
        (again.companies, store.companies),
        (again.sources, store.sources),
        (again.terms, store.terms),
    ]
    return again.events == store.events and all(
        entries == {key: everything[key] for key in entries} for entries, everything in referenced
    )


@settings(SETTINGS, max_examples=200)
@given(store_data(), st.booleans())
def test_a_generated_store_reads_as_written_and_survives_the_yaml_export(
    data: dict[str, Any], allow_unicode: bool
) -> None:
    text = dumped(data, allow_unicode)
    try:
        store = parse_store(text, "generated.yaml")
    except DealtimelineError as error:
        # PyYAML writes U+0085 raw, which YAML 1.1 reads as a line break: refused, with the
        # other raw control characters, rather than read as something else.
        assert b"\xc2\x85" in text
        assert {p.message for p in error.problems} == {"control character U+0085 in the file"}
        return
    assert {e.id: e.title for e in store.events} == {e["id"]: e["title"] for e in data["events"]}
    assert store.companies["evil"].aliases == tuple(data["companies"]["evil"]["aliases"])
    assert store.sources["s1"].publisher == data["sources"]["s1"]["publisher"]
    exported = export("yaml", store, store.events, Filters(), date(2026, 11, 23))
    assert same(store, parse_store(exported.encode(), "exported.yaml"))


@cache
def _command() -> Any:
    """The app's click command, built once: CliRunner builds it again on every call (20 ms),
    too slow for the hundreds of runs below."""
    return typer.main.get_command(app)


class _Terminal(io.StringIO):
    """A stdout that is a terminal, so that the app prints in colour."""

    def isatty(self) -> bool:
        return True


def _printed(store: Path, args: list[str], colour: bool) -> str:
    """What the app prints on stdout (stderr must stay empty), exit code 0."""
    stdout, stderr = (_Terminal() if colour else io.StringIO()), io.StringIO()
    environment = {"COLUMNS": "100", "DEALTIMELINE_TODAY": "2026-11-23"}
    with mock.patch.dict(os.environ, environment), redirect_stdout(stdout), redirect_stderr(stderr):
        code = _command().main(["--no-cache", "--store", str(store), *args], standalone_mode=False)
    assert (code, stderr.getvalue()) == (0, "")
    return stdout.getvalue()


VIEWS: list[tuple[list[str], tuple[str, ...]]] = [
    (["list"], ("markdown", "csv")),
    (["show", "e0"], ("markdown",)),
    (["show", "--company", "evil"], ("markdown", "csv")),
    (["diff", "1990", "2040"], ("markdown", "csv")),
    (["state", "--as-of", "2040"], ("markdown", "csv")),
    (["companies"], ("markdown", "csv")),
    (["sources"], ("markdown", "csv")),
    (["chart"], ()),
]


@settings(
    SETTINGS,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(store_data())
def test_no_view_of_any_text_prints_a_control_character(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    store = tmp_path / "generated.yaml"
    store.write_bytes(dumped(data, allow_unicode=False))
    for args, formats in VIEWS:
        assert not UNSAFE.search(_printed(store, [*args, "--no-color"], colour=False))
        coloured = _printed(store, args, colour=True)
        assert OWN_SEQUENCE.search(coloured)
        assert not UNSAFE.search(OWN_SEQUENCE.sub("", coloured))
        for fmt in formats:
            output = _printed(store, [*args, "--format", fmt], colour=False)
            assert not UNSAFE.search(output.replace("\r\n", "\n"))


def mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """`seed` with a few bytes replaced, inserted or cut, each near YAML's syntax."""
    piece = st.one_of(st.binary(max_size=4), st.sampled_from(list(SPECIAL)).map(str.encode))

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = seed
        for _ in range(draw(st.integers(1, 6))):
            start = draw(st.integers(0, len(data)))
            end = draw(st.integers(start, min(len(data), start + 8)))
            data = data[:start] + draw(piece) + data[end:]
        return data

    return mutated()


YAML_ALPHABET = st.sampled_from([*"[]{}:,-?&*!|>'\"#%@` \n\t\r\\ax1.~", "\xc3", "\xff"])
STORE_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(YAML_ALPHABET, max_size=120).map(lambda chars: "".join(chars).encode("latin-1")),
    mutations(TINY.read_bytes()),
)


def parse_or_refuse(data: bytes) -> None:
    """A Store or a DealtimelineError: any other exception is a bug."""
    try:
        parse_store(data, "fuzz.yaml")
    except DealtimelineError as error:
        assert error.problems and all(str(p).startswith("fuzz.yaml") for p in error.problems)


@pytest.mark.parametrize("parser", ["libyaml", "python"])
@settings(SETTINGS, max_examples=500)
@given(data=STORE_BYTES)
def test_random_bytes_give_a_store_or_a_dealtimeline_error(parser: str, data: bytes) -> None:
    if parser == "libyaml":
        parse_or_refuse(data)
        return
    with mock.patch.object(yaml_nodes, "_FAST_PARSER", yaml.SafeLoader):
        parse_or_refuse(data)
