"""A parse cache for stores that are slow to parse: the validated model as JSON.

One file per store under `$XDG_CACHE_HOME/dealtimeline` (default `~/.cache/dealtimeline`),
named by the store's resolved path and valid only for the same size, mtime_ns, content
checksum (CRC-32, which also catches same-second edits that keep size and mtime) and
tool version. JSON cannot run code when read. A stale, corrupt or unreadable
cache is a miss, never an error; a store with problems is never cached, so error messages
come from the parser every time. Off with `--no-cache` or DEALTIMELINE_NO_CACHE=1.

Only the user's own cache is trusted: the folder is used only when it is the user's and
not group- or world-writable (it is made 0700, each missing parent too, and entries
0600), and it is never used through a symbolic link. Every name in it is opened relative
to the folder, with O_NOFOLLOW and without blocking; an entry is read only when it is a
regular file of the user's, no bigger than `entry_limit()`, and what it decodes to is
checked field by field. Anything else is a miss. Entries are written to a new temporary
file (O_EXCL) beside the entry and renamed over it. Only regular files are cached: never
standard input, `/dev/stdin` or `<(...)`.
"""

from __future__ import annotations

import contextlib
import json
import math
import operator
import os
import stat
import types
import typing
import zlib
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, cast, get_args, get_origin, get_type_hints

from dealtimeline import __version__
from dealtimeline.core.dates import PartialDate, parse_store_date
from dealtimeline.core.model import (
    Amount,
    Capacity,
    Change,
    Citation,
    Company,
    Deal,
    Event,
    Source,
    Store,
    Term,
)
from dealtimeline.store.cache_checks import check_deals, check_references
from dealtimeline.store.locate import max_store_bytes, read_store, shown_name

CACHE_FORMAT = 1
RECORDS = (Company, Source, Term, Deal, Citation, Change, Amount, Capacity, Event)


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
    """`$XDG_CACHE_HOME/dealtimeline`; a relative XDG_CACHE_HOME is ignored, as the XDG
    spec says, for `~/.cache/dealtimeline`."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dealtimeline"


def entry_limit() -> int:
    """The biggest entry read or written: JSON escapes make it at most about three times
    the store, whose limit DEALTIMELINE_MAX_MB sets."""
    return 4 * max_store_bytes() + (1 << 20)


def parse_store(data: bytes, file: str) -> Store:
    """The reader's `parse_store`, imported only on a miss: a hit needs none of it."""
    from dealtimeline.store import reader

    return reader.parse_store(data, file)


def load(path: Path, use_cache: bool) -> Store:
    """The valid store at `path`, from the cache when it is fresh, else parsed (and cached)."""
    shown = shown_name(path)
    data, status = read_store(path)
    if not use_cache or status is None:
        return parse_store(data, shown)
    try:
        resolved = os.path.realpath(path)
    except (OSError, ValueError):
        return parse_store(data, shown)
    key = {
        "format": CACHE_FORMAT,
        "layout": LAYOUT,
        "tool": __version__,
        "path": resolved,
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "crc32": zlib.crc32(data),
    }
    folder = open_folder()
    if folder is None:
        return parse_store(data, shown)
    try:
        entry = f"{zlib.crc32(os.fsencode(resolved)):08x}.json"
        cached = _read(folder, entry, key, shown)
        if cached is not None:
            return cached
        store = parse_store(data, shown)
        _write(folder, entry, key, store)
        return store
    finally:
        os.close(folder)


_NO_FOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


def open_folder() -> int | None:
    """A descriptor of the cache folder when it is safe to use: the user's own, not
    group- or world-writable, and not a symbolic link; None otherwise."""
    folder = cache_folder()
    try:
        _make_private(folder)
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | _NO_FOLLOW)
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(descriptor)
        if status.st_uid != os.geteuid() or status.st_mode & 0o022:
            os.close(descriptor)
            return None
        if stat.S_IMODE(status.st_mode) & 0o077:
            os.fchmod(descriptor, 0o700)  # made readable to others by an older version
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


def _make_private(folder: Path) -> None:
    """Create the folder and each missing parent, 0700."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)


def _read(folder: int, entry: str, key: dict[str, Any], shown_path: str) -> Store | None:
    data = read_entry(folder, entry, entry_limit())
    if data is None:
        return None
    try:
        content = json.loads(data)
        if not isinstance(content, dict) or content.get("key") != key:
            return None
        return decode(content["store"], shown_path)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return None


def read_entry(folder: int, entry: str, limit: int) -> bytes | None:
    """The bytes of an entry of the folder: only a regular file of the user's, opened
    without following a link, no bigger than `limit`; None otherwise."""
    try:
        descriptor = os.open(entry, os.O_RDONLY | _NO_FOLLOW, dir_fd=folder)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if (
            not stat.S_ISREG(status.st_mode)
            or status.st_uid != os.geteuid()
            or status.st_size > limit
        ):
            return None
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            return None
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def _write(folder: int, entry: str, key: dict[str, Any], store: Store) -> None:
    content = json.dumps({"key": key, "store": encode(store)}, separators=(",", ":"))
    write_entry(folder, entry, content.encode("utf-8"), entry_limit())


def write_entry(folder: int, entry: str, data: bytes, limit: int) -> None:
    """Write an entry of the folder, 0600, through a new temporary file renamed over it;
    nothing when it is over `limit` or cannot be written (a cache is never an error)."""
    if len(data) > limit:
        return
    temporary = f".{entry}.{os.urandom(8).hex()}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW
    try:
        descriptor = os.open(temporary, flags, 0o600, dir_fd=folder)
    except OSError:
        return
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
        os.rename(temporary, entry, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)


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


_HINTS: dict[type, dict[str, Any]] = {record: get_type_hints(record) for record in RECORDS}


def _layout(record: type) -> tuple[tuple[str, Any], ...]:
    """The record's fields in order, each with how it is converted."""
    hints = _HINTS[record]
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
    company, source, term, deal, event = (_encoder(r) for r in (Company, Source, Term, Deal, Event))
    return {
        "companies": [company(c) for c in store.companies.values()],
        "sources": [source(s) for s in store.sources.values()],
        "terms": [term(t) for t in store.terms.values()],
        "deals": [deal(d) for d in store.deals.values()],
        "events": [event(e) for e in store.events],
    }


Decoder = Callable[[list[Any]], Any]


def _check(hint: Any, value: str, names: dict[str, Any]) -> str:
    """A Python test that `value` (a variable's name) is a JSON value the field's type
    allows: text, a whole number, yes or no, one of a Literal's words, a finite number,
    or None where the type says so."""
    if hint is str:
        return f"type({value}) is str"
    if hint is bool:
        return f"type({value}) is bool"
    if hint is int:
        return f"type({value}) is int"
    if hint is float:
        return f"(type({value}) is float and isfinite({value}))"
    if hint is type(None):
        return f"{value} is None"
    origin = get_origin(hint)
    if origin is typing.Literal:
        words = f"words_{len(names)}"
        names[words] = frozenset(get_args(hint))
        return f"(type({value}) is str and {value} in {words})"
    if origin in (typing.Union, types.UnionType):
        return "(" + " or ".join(_check(a, value, names) for a in get_args(hint)) + ")"
    raise TypeError(f"no check for {hint!r}")


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("not text")
    return value


def _texts(values: Any) -> tuple[str, ...]:
    """The list's texts as a tuple; joining them is the quickest check that all are
    text (JSON makes no subclass of str), and raises TypeError where one is not."""
    if type(values) is not list:
        raise TypeError("not a list of text")
    "".join(values)
    return tuple(values)


def _decoder(record: type, day: Callable[[str], PartialDate]) -> Decoder:
    """Builds a `record` from the list its encoder made, positionally, every value's type
    checked (a wrong one raises TypeError). The builder is written as Python source from
    the record's fields and compiled once, as `dataclasses` does for `__init__`: a loop of
    a check and a conversion per value took most of the time of reading 100,000 events."""
    hints = _HINTS[record]
    names: dict[str, Any] = {
        "record": record,
        "day": day,
        "isfinite": math.isfinite,
        "_text": _text,
        "_texts": _texts,
    }
    values: list[str] = []
    arguments: list[str] = []
    checks: list[str] = []
    for index, (name, kind) in enumerate(_LAYOUTS[record]):
        value = f"v{index}"
        values.append(value)
        if kind is _DATE:
            arguments.append(f"day(_text({value}))")
        elif kind is _OPTIONAL_DATE:
            arguments.append(f"(None if {value} is None else day(_text({value})))")
        elif kind is _TUPLE:
            arguments.append(f"_texts({value})")
        elif kind is not None:
            inner = _decoder(kind[0] if isinstance(kind, tuple) else kind, day)
            names[f"decode_{index}"] = _each(inner) if isinstance(kind, tuple) else _optional(inner)
            arguments.append(f"decode_{index}({value})")
        else:
            checks.append(_check(hints[name], value, names))
            arguments.append(value)
    source = [
        "def build(values):",
        f"    if type(values) is not list or len(values) != {len(values)}:",
        f"        raise TypeError('not the values of a {record.__name__}')",
        f"    {', '.join(values)}, = values",
    ]
    if checks:
        source += [
            "    if not (" + " and ".join(checks) + "):",
            "        raise TypeError('a value of the wrong type')",
        ]
    source += _construction(record, arguments, names)
    exec("\n".join(source), names)
    return cast(Decoder, names["build"])


def _construction(record: type, arguments: list[str], names: dict[str, Any]) -> list[str]:
    """The builder's last lines: the record made from `arguments`, each slot set by its
    descriptor (half the time of a frozen `__init__` for 100,000 events' records)."""
    layout, slots = _LAYOUTS[record], getattr(record, "__slots__", ())
    if len(slots) != len(layout) or any(name not in slots for name, _ in layout):
        return [f"    return record({', '.join(arguments)})"]
    names["new"] = object.__new__
    lines = ["    made = new(record)"]
    for index, ((name, _), argument) in enumerate(zip(layout, arguments, strict=True)):
        names[f"set_{index}"] = record.__dict__[name].__set__
        lines.append(f"    set_{index}(made, {argument})")
    return [*lines, "    return made"]


def _each(decoder: Decoder) -> Callable[[list[list[Any]]], tuple[Any, ...]]:
    def convert(items: Any) -> tuple[Any, ...]:
        if type(items) is not list:
            raise TypeError("not a list")
        return tuple([decoder(item) for item in items])

    return convert


def _optional(decoder: Decoder) -> Callable[[list[Any] | None], Any]:
    return lambda values: None if values is None else decoder(values)


def decode(data: dict[str, Any], path: str) -> Store:
    """The store that `encode` wrote; raises on any shape it did not write, on a value of
    the wrong type and on a reference to a company, source or term it does not hold."""
    dates: dict[str, PartialDate] = {}

    def day(iso: str) -> PartialDate:
        found = dates.get(iso)
        if found is None:
            found = dates[iso] = parse_store_date(iso)
        return found

    company, source, term, deal, event = (
        _decoder(record, day) for record in (Company, Source, Term, Deal, Event)
    )
    companies = {c.id: c for c in _each(company)(data["companies"])}
    sources = {s.id: s for s in _each(source)(data["sources"])}
    terms = {t.id: t for t in _each(term)(data["terms"])}
    deals = {d.id: d for d in _each(deal)(data["deals"])}
    events = _each(event)(data["events"])
    check_references(companies, sources, terms, events)
    check_deals(companies, deals, events)
    return Store(path, companies, sources, terms, events, deals=deals)
