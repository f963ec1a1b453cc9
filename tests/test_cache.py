"""The parse cache: used when fresh, ignored when stale or corrupt, never for a bad store."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from dealtimeline.core import model
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.store import cache, reader
from dealtimeline.store.locate import bundled_store
from tests.helpers import TINY, run


@pytest.fixture
def store(tmp_path: Path) -> Path:
    copy = tmp_path / "events.yaml"
    shutil.copyfile(TINY, copy)
    return copy


def _entries() -> list[Path]:
    folder = cache.cache_folder()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes, file: str) -> None:
        raise AssertionError("parsed instead of read from the cache")

    monkeypatch.setattr(reader, "parse_store", refuse)


def test_the_bundled_store_survives_encode_and_decode() -> None:
    store = reader.load_store(bundled_store())
    again = cache.decode(cache.encode(store), store.path)
    assert again == store
    assert [(e.line, e.position) for e in again.events] == [
        (e.line, e.position) for e in store.events
    ]
    assert [c.line for e in again.events for c in e.citations] == [
        c.line for e in store.events for c in e.citations
    ]


def test_a_second_run_reads_the_cache(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.load(store, use_cache=True)
    assert len(_entries()) == 1
    _no_parsing(monkeypatch)
    assert cache.load(store, use_cache=True) == first


def test_an_edited_store_is_parsed_again(store: Path) -> None:
    cache.load(store, use_cache=True)
    status = store.stat()
    edited = store.read_text().replace("Microsoft invests $1B in OpenAI", "Microsoft invests $1B!")
    store.write_text(edited)
    os.utime(store, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert cache.load(store, use_cache=True).events[0].title == "Microsoft invests $1B!"


def test_the_key_has_a_digest_of_the_record_layout() -> None:
    """The field names and their order: one field more, or two swapped, is another layout."""

    @dataclass(frozen=True)
    class Amount:
        value: float
        currency: str
        measure: str | None
        payer: str | None
        payee: str | None
        over: str | None
        note: str | None

    @dataclass(frozen=True)
    class AmountWithMeasure:
        value: float
        currency: str
        measure: str | None
        payer: str | None
        payee: str | None
        over: str | None
        note: str | None
        basis: str | None

    @dataclass(frozen=True)
    class AmountSwapped:
        currency: str
        value: float
        measure: str | None
        payer: str | None
        payee: str | None
        over: str | None
        note: str | None

    assert cache.record_layout((model.Amount,)) == cache.record_layout((Amount,))
    AmountWithMeasure.__name__ = AmountSwapped.__name__ = "Amount"
    layouts = {cache.record_layout((r,)) for r in (Amount, AmountWithMeasure, AmountSwapped)}
    assert len(layouts) == 3
    assert {r.__name__ for r in cache.RECORDS} == {
        "Company",
        "Source",
        "Term",
        "Deal",
        "Citation",
        "Change",
        "Amount",
        "Capacity",
        "Event",
    }


def test_an_entry_of_another_record_layout_is_never_decoded(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = cache.load(store, use_cache=True)
    (entry,) = _entries()
    assert json.loads(entry.read_bytes())["key"]["layout"] == cache.LAYOUT
    monkeypatch.setattr(cache, "LAYOUT", "0badf00d")

    def decode_refused(data: dict[str, object], path: str) -> None:
        raise AssertionError("an entry of another layout was decoded")

    monkeypatch.setattr(cache, "decode", decode_refused)
    assert cache.load(store, use_cache=True) == expected  # parsed again, and written anew
    assert json.loads(entry.read_bytes())["key"]["layout"] == "0badf00d"


def test_a_corrupt_or_unreadable_cache_is_a_miss(store: Path) -> None:
    expected = cache.load(store, use_cache=True)
    (entry,) = _entries()
    for damage in (b"{not json", b'{"key": 1}', b"", b'{"key": null, "store": []}'):
        entry.write_bytes(damage)
        assert cache.load(store, use_cache=True) == expected
    entry.unlink()
    entry.mkdir()
    assert cache.load(store, use_cache=True) == expected


def test_an_unwritable_cache_folder_is_no_error(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert len(cache.load(store, use_cache=True).events) == 6


def test_a_store_with_problems_is_never_cached_and_errors_stay_exact(store: Path) -> None:
    store.write_text(store.read_text().replace("kind: terms", "kind: rumour", 1))
    with pytest.raises(DealtimelineError) as cached_run:
        cache.load(store, use_cache=True)
    with pytest.raises(DealtimelineError) as plain_run:
        cache.load(store, use_cache=False)
    assert (
        str(cached_run.value)
        == str(plain_run.value)
        == (
            f"{store}:92:11: unknown kind 'rumour'; one of: investment, capacity, partnership, "
            "terms, joint-venture, product, statement, report"
        )
    )
    assert _entries() == []


def test_no_cache_option_and_variable(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("--no-cache", "--store", str(store), "list").code == 0
    monkeypatch.setenv("DEALTIMELINE_NO_CACHE", "1")
    assert run("--store", str(store), "list").code == 0
    assert _entries() == []
    monkeypatch.delenv("DEALTIMELINE_NO_CACHE")
    assert run("--store", str(store), "list").code == 0
    assert len(_entries()) == 1
