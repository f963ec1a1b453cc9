"""A parse cache for stores that are slow to parse: the validated model as JSON.

One file per store under `$XDG_CACHE_HOME/dealtimeline` (default `~/.cache/dealtimeline`),
named by the store's resolved path and valid only for the same size, mtime_ns, content
checksum (CRC-32, which also catches same-second edits that keep size and mtime) and
tool version. JSON cannot run code when read. A stale, corrupt or unreadable
cache is a miss, never an error; a store with problems is never cached, so error messages
come from the parser every time. Off with `--no-cache` or DEALTIMELINE_NO_CACHE=1.
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import zlib
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, cast, get_args, get_origin, get_type_hints

from dealtimeline import __version__
from dealtimeline.core.dates import PartialDate, parse_store_date
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import Amount, Change, Citation, Company, Event, Source, Store, Term
from dealtimeline.store.locate import read_store_bytes

CACHE_FORMAT = 1
RECORDS = (Company, Source, Term, Citation, Change, Amount, Event)


def record_layout(records: tuple[type, ...] = RECORDS) -> str:
    """A digest of each record's field names in order: entries are decoded by position,
    so an entry written for another layout of the model must never be read."""
    text = ";".join(f"{r.__name__}:{','.join(f.name for f in fields(r))}" for r in records)
    return f"{zlib.crc32(text.encode()):08x}"


LAYOUT = record_layout()
NO_CACHE_VARIABLE = "DEALTIMELINE_NO_CACHE"


def cache_enabled(no_cache_option: bool) -> bool:
    return not no_cache_option and os.environ.get(NO_CACHE_VARIABLE, "") in ("", "0")


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dealtimeline"


def load(path: Path, use_cache: bool) -> Store:
    """The valid store at `path`, from the cache when it is fresh, else parsed (and cached)."""
    from dealtimeline.store.reader import parse_store

    if not use_cache:
        return parse_store(read_store_bytes(path), str(path))
    data = read_store_bytes(path)
    try:
        status = os.stat(path)
        resolved = os.path.realpath(path)
    except OSError:
        return parse_store(data, str(path))
    key = {
        "format": CACHE_FORMAT,
        "layout": LAYOUT,
        "tool": __version__,
        "path": resolved,
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "crc32": zlib.crc32(data),
    }
    entry = cache_folder() / f"{zlib.crc32(resolved.encode()):08x}.json"
    cached = _read(entry, key, str(path))
    if cached is not None:
        return cached
    store = parse_store(data, str(path))
    _write(entry, key, store)
    return store


def _read(entry: Path, key: dict[str, Any], shown_path: str) -> Store | None:
    try:
        with open(entry, "rb") as stream:
            content = json.loads(stream.read())
        if content.get("key") != key:
            return None
        return decode(content["store"], shown_path)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def _write(entry: Path, key: dict[str, Any], store: Store) -> None:
    from dealtimeline.store.atomic import write_atomically

    content = json.dumps({"key": key, "store": encode(store)}, separators=(",", ":"))
    with contextlib.suppress(OSError, DealtimelineError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(entry, content.encode("utf-8"))


# How a field's value is kept in JSON: as it is, or converted (see `_kind`).
_DATE, _OPTIONAL_DATE, _TUPLE = "date", "optional date", "tuple"


def _kind(hint: Any) -> str | type | tuple[type] | None:
    """How a field of this type is converted: a date, an optional date, a tuple of text,
    a record (a dataclass, possibly None), a tuple of records (`(record,)`), or not at all."""
    if hint is PartialDate:
        return _DATE
    arguments = get_args(hint)
    if PartialDate in arguments:
        return _OPTIONAL_DATE
    records = [a for a in arguments if is_dataclass(a)]
    if get_origin(hint) is tuple:
        return (cast(type, records[0]),) if records else _TUPLE
    if is_dataclass(hint) or records:
        return cast(type, hint if is_dataclass(hint) else records[0])
    return None


def _layout(record: type) -> tuple[tuple[str, Any], ...]:
    """The record's fields in order, each with how it is converted."""
    hints = get_type_hints(record)
    return tuple((f.name, _kind(hints[f.name])) for f in fields(record))


_LAYOUTS: dict[type, tuple[tuple[str, Any], ...]] = {record: _layout(record) for record in RECORDS}


Encoder = Callable[[Any], list[Any]]
Getter = Callable[[Any], Any]


def _encode_step(get: Getter, kind: Any) -> Getter:
    """One field's value as JSON keeps it: see `_kind` for the kinds."""
    if kind is _DATE:
        return lambda r: get(r).iso
    if kind is _OPTIONAL_DATE:
        return lambda r: None if get(r) is None else get(r).iso
    if kind is _TUPLE:
        return lambda r: list(get(r))
    if isinstance(kind, tuple):
        each = _encoder(kind[0])
        return lambda r: [each(item) for item in get(r)]
    if kind is not None:
        one = _encoder(kind)
        return lambda r: None if get(r) is None else one(get(r))
    return get


def _encoder(record: type) -> Encoder:
    """Turns a `record` into the list of its values in the order of its dataclass fields,
    converted to JSON's types as `_decoder` expects them back."""
    steps = [_encode_step(operator.attrgetter(name), kind) for name, kind in _LAYOUTS[record]]
    return lambda value: [step(value) for step in steps]


def encode(store: Store) -> dict[str, Any]:
    """The store as compact JSON-ready lists, each record's values in the order of its
    dataclass fields (`_LAYOUTS`), the order `decode` reads them in."""
    company, source, term, event = (_encoder(r) for r in (Company, Source, Term, Event))
    return {
        "companies": [company(c) for c in store.companies.values()],
        "sources": [source(s) for s in store.sources.values()],
        "terms": [term(t) for t in store.terms.values()],
        "events": [event(e) for e in store.events],
    }


Decoder = Callable[[list[Any]], Any]


def _decoder(record: type, day: Callable[[str], PartialDate]) -> Decoder:
    """Builds a `record` from the list its encoder made, positionally: faster than
    keywords, 100,000 times over."""
    steps: list[tuple[int, Callable[[Any], Any]]] = []
    for index, (_, kind) in enumerate(_LAYOUTS[record]):
        if kind is _DATE:
            steps.append((index, day))
        elif kind is _OPTIONAL_DATE:
            steps.append((index, lambda iso: None if iso is None else day(iso)))
        elif kind is _TUPLE:
            steps.append((index, tuple))
        elif isinstance(kind, tuple):
            steps.append((index, _each(_decoder(kind[0], day))))
        elif kind is not None:
            steps.append((index, _optional(_decoder(kind, day))))

    def build(values: list[Any]) -> Any:
        for index, convert in steps:
            values[index] = convert(values[index])
        return record(*values)

    return build


def _each(decoder: Decoder) -> Callable[[list[list[Any]]], tuple[Any, ...]]:
    return lambda items: tuple([decoder(item) for item in items])


def _optional(decoder: Decoder) -> Callable[[list[Any] | None], Any]:
    return lambda values: None if values is None else decoder(values)


def decode(data: dict[str, Any], path: str) -> Store:
    """The store that `encode` wrote; raises on any shape it did not write."""
    dates: dict[str, PartialDate] = {}

    def day(iso: str) -> PartialDate:
        found = dates.get(iso)
        if found is None:
            found = dates[iso] = parse_store_date(iso)
        return found

    company, source, term, event = (
        _decoder(record, day) for record in (Company, Source, Term, Event)
    )
    companies = {c[0]: company(c) for c in data["companies"]}
    sources = {s[0]: source(s) for s in data["sources"]}
    terms = {t[0]: term(t) for t in data["terms"]}
    events = tuple([event(e) for e in data["events"]])
    return Store(path, companies, sources, terms, events)
