"""`archived:`, a web archive's copy of a source: read and checked with its position, and
written by `sources check --save-archive` keeping every other byte of the store."""

from __future__ import annotations

import pytest

from dealtimeline.core.errors import DealtimelineError
from dealtimeline.store.archived_writer import plan_archived
from dealtimeline.store.reader import parse_store

COPY = "https://web.archive.org/web/20250101000000/https://example.com/a"

BLOCK = """version: 1  # the store
sources:
  a:   # the first
    title: A page
    publisher: Example
    published: 2025-01-21
    url: https://example.com/a   # the page
    grade: press
  b: {title: B, publisher: X, published: 2025, url: "https://example.com/b"}
  c:
    title: C
    publisher: X
    published: 2025
    url: https://example.com/c
    archived: 'https://old.example/c'   # an older copy
events: []
"""


def test_archived_is_read_as_a_field_of_the_source() -> None:
    store = parse_store(BLOCK.encode(), "s.yaml")
    assert store.sources["c"].archived == "https://old.example/c"
    assert store.sources["a"].archived is None


def test_an_archived_copy_that_is_no_http_address_is_refused_with_its_position() -> None:
    with pytest.raises(DealtimelineError) as caught:
        parse_store(BLOCK.replace("'https://old.example/c'", "old/c.txt").encode(), "s.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "s.yaml:15:15: archived 'old/c.txt' is not an http(s) address; use an address "
        "starting with https:// or http://, or leave 'archived' out"
    ]


def test_inserted_after_the_url_in_block_and_flow_and_replaced_where_it_is() -> None:
    found = {"a": COPY, "b": "https://web.archive.org/b", "c": "https://web.archive.org/c"}
    saved = plan_archived(BLOCK.encode(), "s.yaml", found)
    assert saved.changed == ("a", "b", "c")
    assert saved.data.decode() == (
        BLOCK.replace("# the page\n", f"# the page\n    archived: {COPY}\n")
        .replace(
            '"https://example.com/b"}',
            "\"https://example.com/b\", archived: 'https://web.archive.org/b'}",
        )
        .replace("'https://old.example/c'", "https://web.archive.org/c")
    )
    assert parse_store(saved.data, "s.yaml").sources["b"].archived == found["b"]


def test_crlf_a_block_scalar_url_and_no_final_newline() -> None:
    text = "version: 1\r\nsources:\r\n  a:\r\n    title: A\r\n    publisher: P\r\n"
    text += "    published: 2025\r\n    url: >-\r\n      https://example.com/a\r\nevents: []"
    saved = plan_archived(text.encode(), "s.yaml", {"a": COPY})
    assert saved.data.decode() == text.replace(
        "example.com/a\r\n", f"example.com/a\r\n    archived: {COPY}\r\n", 1
    )
    last = "version: 1\nsources:\n  a:\n    title: A\n    publisher: P\n    published: 2025"
    saved = plan_archived(last.encode(), "s.yaml", {"a": COPY})
    assert saved.data.decode() == last + f"\n    archived: {COPY}\n"


def test_a_copy_already_there_changes_nothing_and_a_gone_source_is_refused() -> None:
    found = {"c": "https://old.example/c"}
    assert plan_archived(BLOCK.encode(), "s.yaml", found).changed == ()
    with pytest.raises(DealtimelineError) as caught:
        plan_archived(BLOCK.encode(), "s.yaml", {"z": COPY})
    assert str(caught.value.problems[0]) == (
        "s.yaml: source 'z' is no longer in the store; nothing was written; run the check again"
    )
