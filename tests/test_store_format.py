"""docs/store-format.md is kept true: every YAML example in it is a whole store that the
project's own reader loads, and every field of the schema is named in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dealtimeline.core import schema
from dealtimeline.store.reader import parse_store

DOC = Path(__file__).resolve().parent.parent / "docs" / "store-format.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_reference_has_examples() -> None:
    assert len(BLOCKS) == 6


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_every_example_loads(index: int) -> None:
    parse_store(BLOCKS[index].encode(), f"store-format.md example {index + 1}")


def test_the_examples_show_every_field_and_every_aspect() -> None:
    examples = "\n".join(BLOCKS)
    records = (schema.STORE, schema.COMPANY, schema.SOURCE, schema.TERM, schema.EVENT)
    records += (schema.AMOUNT, schema.CITATION, schema.CHANGE)  # type: ignore[assignment]
    records += (schema.DEAL, schema.CAPACITY)  # type: ignore[assignment]
    for record in records:
        for name in record.names:
            assert re.search(rf"\b{name}:", examples), (record.name, name)
    for aspect in ("date", "amount", "occurred", "parties", "terms", "true"):
        assert f"disputes: {aspect}" in examples or f"[{aspect}]" in examples
    for role in ("other-basis", "context"):
        assert f"role: {role}" in examples


def test_the_example_with_every_kind_of_citation_reads_as_written() -> None:
    store = parse_store(BLOCKS[3].encode(), "example")
    (event,) = store.events
    assert [(c.role, c.disputes, c.claims) for c in event.citations] == [
        ("supports", (), None),
        ("supports", (), None),
        ("supports", ("date",), "2025-11-02"),
        ("other-basis", (), None),
        ("supports", ("occurred",), "false"),
        ("supports", ("amount",), "50000000000"),
        ("context", (), None),
        ("supports", ("unspecified",), None),
        ("supports", ("parties",), "OpenAI, Amazon and NVIDIA"),
        ("supports", ("terms",), "five years"),
    ]
    assert event.citations[-1].note == "a shorter term than announced"
    assert [c.speaker for c in event.citations[:3]] == [None, "amazon", None]
    aspects = ("date", "occurred", "amount", "unspecified", "parties", "terms")
    assert event.aspects == aspects
    assert event.in_doubt and event.disputed and not event.confirmed
