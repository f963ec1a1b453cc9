"""Adding an event to a user's store without losing a byte of it, and making such a store.

The new event is a mapping dumped by PyYAML's safe dumper (never text built by hand, so
that titles such as `NO`, `10:30` or `a: b` stay text), indented as an item of `events:`
and inserted as text, so every existing byte (comments, order, quoting) stays as it was.
The whole new text is parsed again, and must hold the old store plus exactly the new event,
before anything is written; the write is atomic, under the store's lock, from a store read
again under that lock so that concurrent writers never lose each other's events.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import yaml

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import Amount, Change, Citation, Event, Status, Store
from dealtimeline.core.query import resolve_companies
from dealtimeline.serialize.store_mapping import event_data
from dealtimeline.store.atomic import write_atomically
from dealtimeline.store.locate import (
    bundled_store,
    is_bundled,
    is_stdin,
    read_store_bytes,
    shown_name,
)
from dealtimeline.store.lock import locked
from dealtimeline.store.reader import parse_store

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_AMOUNT = re.compile(
    r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9][0-9_]*)(?:\.[0-9]+)?(?:e[0-9]+)?)\s*(k|m|bn|b|t)?",
    re.IGNORECASE,
)
_SCALES = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "bn": 10**9, "t": 10**12}
_ID_WORDS = 6


@dataclass(frozen=True)
class NewEvent:
    """An event as the user gave it; company names are resolved against the store when
    it is written, and `id` is derived from the title and year when it is None."""

    date: PartialDate
    title: str
    kind: str
    companies: tuple[str, ...]
    citation: Citation
    id: str | None = None
    summary: str | None = None
    status: str | None = None
    amount: Amount | None = None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Addition:
    """A checked addition: the event's id, its YAML as inserted, and the whole new file."""

    event_id: str
    fragment: str
    data: bytes


def parse_amount(text: str) -> int | float:
    """A positive amount typed on the command line: `300000000000`, `300,000,000,000`,
    `1.5e9`, or with a scale: `300B`, `1.5bn`, `40M`; ValueError otherwise."""
    match = _AMOUNT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not an amount")
    value = Decimal(match[1].replace(",", "").replace("_", "")) * _SCALES[(match[2] or "").lower()]
    if value <= 0:
        raise ValueError(f"'{text}' is not a positive amount")
    return int(value) if value == value.to_integral_value() else float(value)


def derived_id(title: str, date: PartialDate, taken: Collection[str]) -> str:
    """A slug of the title's first words and the year, with `-2`, `-3`... if it is taken."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())[:_ID_WORDS]
    year = f"{date.start.year:04d}"
    base = "-".join(words + ([] if year in words else [year]))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def refuse_bundled(path: Path) -> None:
    """The bundled store is never written: say how to make one's own. Nor is standard
    input (`--store -`)."""
    if is_stdin(path):
        raise DealtimelineError.failure(
            "standard input cannot be written to",
            "give the path of your store with --store or DEALTIMELINE_STORE",
            shown_name(path),
        )
    if is_bundled(path):
        raise DealtimelineError.failure(
            "this is the bundled store, which add never changes",
            "make your own copy with 'dealtimeline init', then use it with "
            "--store events.yaml or DEALTIMELINE_STORE=events.yaml",
            str(path),
        )


def init_store(path: Path) -> Path:
    """Copy the bundled store byte for byte to `path` (a folder gets `events.yaml`), never
    overwriting a file; the path written."""
    target = path / "events.yaml" if path.is_dir() else path
    if os.path.lexists(target):
        raise DealtimelineError.failure(
            "already exists; init never overwrites a file",
            "give another PATH, or use this store as it is with --store",
            str(target),
        )
    if not target.parent.is_dir():
        raise DealtimelineError.failure(
            "the folder does not exist", "create it first, or give another PATH", str(target)
        )
    write_atomically(target, read_store_bytes(bundled_store()), replace=False)
    return target


def preview(path: Path, new: NewEvent) -> Addition:
    """What `add_event` would write, writing nothing."""
    refuse_bundled(path)
    return plan_addition(read_store_bytes(path), str(path), new)


def add_event(path: Path, new: NewEvent) -> Addition:
    """Add the event to the store at `path`, under its lock, from the store as it is then."""
    refuse_bundled(path)
    if not path.is_file():
        read_store_bytes(path)  # raises the reader's message for a missing file or a folder
    if not os.access(path, os.W_OK):
        raise DealtimelineError.failure(
            "the file is read-only; it was left as it was",
            f"make it writable (chmod u+w {path}) to add to it",
            str(path),
        )
    with locked(path):
        before = _fingerprint(path)
        addition = plan_addition(read_store_bytes(path), str(path), new)
        if _fingerprint(path) != before:
            raise DealtimelineError.failure(
                "the file changed while the event was being added; nothing was written",
                "run the command again",
                str(path),
            )
        write_atomically(path, addition.data)
    return addition


def plan_addition(data: bytes, file: str, new: NewEvent) -> Addition:
    """The new file: `data` with the event inserted, checked by parsing it all again.

    An invalid event raises the same FILE:LINE:COLUMN problems as `validate`.
    """
    old = parse_store(data, file)
    text = data.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = "\r\n" if "\r\n" in body[: body.find("\n") + 1] else "\n"
    place = _place(body, file)
    taken = {event.id for event in old.events}
    event_id = new.id if new.id is not None else derived_id(new.title, new.date, taken)
    expected = _expected(old, new, event_id)
    fragment = _fragment(_mapping(expected), place.indent, newline)
    result = (bom + place.insert(body, fragment, newline)).encode("utf-8")
    _check(old, parse_store(result, file), expected, file)
    return Addition(event_id, fragment, result)


def _fingerprint(path: Path) -> tuple[int, int, int, int]:
    status = path.stat()
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _expected(store: Store, new: NewEvent, event_id: str) -> Event:
    """The event as the new file must hold it."""
    return Event(
        id=event_id,
        date=new.date,
        title=new.title,
        kind=new.kind,
        companies=resolve_companies(store, new.companies),
        citations=(new.citation,),
        summary=new.summary,
        status=cast(Status, new.status or "official"),
        amount=new.amount,
        changes=new.changes,
    )


def _check(old: Store, new: Store, expected: Event, file: str) -> None:
    """The new store must be the old one plus exactly the expected event."""
    kept = tuple(event for event in new.events if event.id != expected.id)
    if (
        new.event(expected.id) != expected
        or kept != old.events
        or (new.companies, new.sources, new.terms) != (old.companies, old.sources, old.terms)
    ):
        raise DealtimelineError.failure(
            "the event cannot be added to this file without changing what it holds; "
            "nothing was written",
            "add the event by hand, and please report this",
            file,
        )


# --- the YAML of the new event --------------------------------------------------------


class _Flow(list[str]):
    """A list of ids, written in brackets as the store writes them: [openai, oracle]."""


class _Quoted(str):
    """A quote, written in double quotes as the store writes them."""

    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    """The safe dumper, indenting lists under their key as the store does."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


def _represent_quoted(dumper: yaml.SafeDumper, data: _Quoted) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    """Text as the safe dumper writes it, but in double quotes where it holds a NEL, LS or
    PS: PyYAML writes these raw in single quotes, and reads them back as spaces."""
    style = '"' if any(c in data for c in _UNICODE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_UNICODE_BREAKS = "\x85\u2028\u2029"
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_Quoted, _represent_quoted)
_Dumper.add_representer(str, _represent_text)


def _mapping(event: Event) -> dict[str, Any]:
    """The event as the store writes it, in the styles a hand-written store uses: companies
    in flow style, quotes quoted, and no `status` when it is the default (official)."""
    mapping = event_data(event)
    if mapping["status"] == "official":
        del mapping["status"]
    mapping["companies"] = _Flow(event.companies)
    for citation in mapping["sources"]:
        citation["quote"] = _Quoted(citation["quote"])
    return mapping


def _fragment(mapping: dict[str, Any], indent: int, newline: str) -> str:
    """The event as one item of a YAML list whose dashes are at column `indent`."""
    dumped = yaml.dump(
        [mapping], Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 30
    )
    lines = []
    for line in dumped.splitlines(keepends=True):
        if line.endswith("\n"):
            line = line[:-1] + newline
        lines.append(" " * indent + line if line.strip() else line)
    return "".join(lines)


# --- where it goes --------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """Where a new item goes: at `offset`, with its dashes at column `indent`.

    `header` is the `events:` line of a store that has no list yet; `cut` is the span of
    the `[]` of an empty list, removed so that the list can go on in block style; `spaced`
    when events are separated by blank lines.
    """

    offset: int
    indent: int
    header: str = ""
    cut: tuple[int, int] = (0, 0)
    spaced: bool = False

    def insert(self, text: str, fragment: str, newline: str) -> str:
        start, end = self.cut
        offset = self.offset - (end - start if self.offset >= end else 0)
        text = text[:start] + text[end:]
        before, after = text[:offset], text[offset:]
        pieces = [before]
        if before and not before.endswith(("\n", "\r")):
            pieces.append(newline)
        if (self.spaced or self.header) and before and not _ends_blank(before):
            pieces.append(newline)
        if self.header:
            pieces.append(self.header + newline)
        pieces.append(fragment)
        if after.strip() and (self.spaced or self.header):
            pieces.append(newline)
        pieces.append(after)
        return "".join(pieces)


def _ends_blank(text: str) -> bool:
    lines = text.splitlines()
    return not lines or not lines[-1].strip()


@dataclass
class _Layout:
    """What `_place` needs of a store's parse events: the root node's event, the `events`
    value's start event and end mark, the start event of its last item, and the line of
    what follows the list at the top level (the next key, or an explicit `...`)."""

    root: Any = None
    events: Any = None
    events_end: Any = None
    last_item: Any = None
    follows: int | None = None


def _layout(text: str) -> _Layout:
    """Walk the parse events of a valid store, noting the layout of its `events:` list."""
    found = _Layout()
    depth = 0
    root_nodes = 0
    key: str | None = None
    parsed: Iterable[Any] = yaml.parse(text, Loader=_PARSER)
    for event in parsed:
        if isinstance(event, yaml.DocumentEndEvent):
            if event.explicit and found.follows is None:
                found.follows = _line(event.start_mark)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            if depth == 1 and found.events is not None and found.events_end is None:
                found.events_end = event.end_mark
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        if depth == 0:
            found.root = event
        elif depth == 1:
            is_key = root_nodes % 2 == 0
            root_nodes += 1
            if is_key and found.events is not None and found.follows is None:
                found.follows = _line(event.start_mark)
            if is_key:
                key = event.value if isinstance(event, yaml.ScalarEvent) else None
            elif key == "events":
                found.events = event
        elif depth == 2 and found.events is not None and found.events_end is None:
            found.last_item = event
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
    return found


def _place(text: str, file: str) -> _Place:
    """Find the end of the `events:` list of a valid store: before the top-level key that
    follows it (or an explicit `...`), else the end of the text."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    found = _layout(text)
    root, events = found.root, found.events
    if root.flow_style:
        raise DealtimelineError.failure(
            "the store is written in flow style ({...}), so an event cannot be appended",
            "write it in block style, one key a line, as 'dealtimeline init' does",
            file,
        )
    offset = starts[found.follows] if found.follows is not None else len(text)
    indent = root.start_mark.column + 2
    if events is None:
        return _Place(offset, indent, header=" " * root.start_mark.column + "events:")
    if events.flow_style:
        if found.last_item is not None:
            raise DealtimelineError.failure(
                "'events' is written in flow style ([...]), so an event cannot be appended",
                "write each event as a '- id: ...' item on lines of its own",
                file,
            )
        cut = (_index(starts, events.start_mark), _index(starts, found.events_end))
        return _Place(offset, indent, cut=cut)
    line = found.last_item.start_mark.line
    spaced = line > 0 and not text[starts[line - 1] : starts[line]].strip()
    return _Place(offset, events.start_mark.column, spaced=spaced)


def _line(mark: Any) -> int:
    return int(mark.line)


def _index(starts: list[int], mark: Any) -> int:
    return starts[_line(mark)] + int(mark.column)
