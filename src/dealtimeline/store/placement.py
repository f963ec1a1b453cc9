"""Where and how a new event goes into a store's text: the end of its events list
(block or flow, empty or not, comments kept), the event as YAML in the file's own
indentation and line ending."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from dealtimeline.core.errors import DealtimelineError
from dealtimeline.serialize.store_style import StoreDumper

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def most_used_newline(text: str) -> str:
    """The line ending the file uses most: LF, CRLF or CR (on a tie, the first line's)."""
    counts = {"\n": 0, "\r\n": 0, "\r": 0}
    first = None
    for found in BREAK.finditer(text):
        ending = found.group()
        if ending in counts:
            counts[ending] += 1
            first = first or ending
    most = max(counts.values())
    if first is not None and counts[first] == most:
        return first
    return next(ending for ending, count in counts.items() if count == most)


def fragment(mapping: dict[str, Any], indent: int, newline: str) -> str:
    """The event as one item of a YAML list whose dashes are at column `indent`."""
    dumped = yaml.dump(
        [mapping], Dumper=StoreDumper, sort_keys=False, allow_unicode=True, width=1 << 30
    )
    lines = []
    for line in dumped.splitlines(keepends=True):
        if line.endswith("\n"):
            line = line[:-1] + newline
        lines.append(" " * indent + line if line.strip() else line)
    return "".join(lines)


# --- where it goes --------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class _Place:
    """Where a new item goes: at `offset`, with its dashes at column `indent`.

    `header` is the `events:` line of a store that has no list yet; `cut` is the span of
    the `[]` of an empty list, replaced by `kept` (the comments it held) so that the list
    can go on in block style; `spaced` when events are separated by blank lines.
    """

    offset: int
    indent: int
    header: str = ""
    cut: tuple[int, int] = (0, 0)
    kept: str = ""
    spaced: bool = False

    def insert(self, text: str, fragment: str, newline: str) -> tuple[str, tuple[int, int]]:
        """The new text, and the span of it that is new (the cut's place to the event's end)."""
        start, end = self.cut
        kept = self.kept.replace("\0", newline)
        offset = self.offset
        if offset >= end:
            offset += len(kept) - (end - start)
        text = text[:start] + kept + text[end:]
        before, after = text[:offset], text[offset:]
        pieces = [before]
        if before and not before.endswith(("\n", "\r")):
            pieces.append(newline)
        if (self.spaced or self.header) and before and not _ends_blank(before):
            pieces.append(newline)
        if self.header:
            pieces.append(self.header + newline)
        pieces.append(fragment)
        changed_end = sum(len(piece) for piece in pieces)
        if after.strip() and (self.spaced or self.header):
            pieces.append(newline)
        pieces.append(after)
        changed_start = min(start, offset) if end > start else offset
        return "".join(pieces), (changed_start, changed_end)


def _ends_blank(text: str) -> bool:
    lines = text.splitlines()
    return not lines or not lines[-1].strip()


@dataclass
class _Layout:
    """What `place_of_new_event` needs of a store's parse events: the root node's event,
    the `events` value's start event and end mark, the start event of its last item, and the line of
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


def place_of_new_event(text: str, file: str) -> _Place:
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
        start, end = _index(starts, events.start_mark), _index(starts, found.events_end)
        start, end, kept = _emptied(text, start, end)
        return _Place(offset, indent, cut=(start, end), kept=kept)
    line = found.last_item.start_mark.line
    spaced = line > 0 and not text[starts[line - 1] : starts[line]].strip()
    return _Place(offset, events.start_mark.column, spaced=spaced)


def _emptied(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The span to replace of the empty flow list `text[start:end]`, and what replaces it:
    nothing for `[]` on one line; for a list over several lines, its comments, each on a
    line of its own (a NUL stands for the new text's line ending)."""
    inner = text[start + 1 : end - 1]
    if not BREAK.search(inner):
        return start, end, ""
    pieces = inner.splitlines(keepends=True)
    kept = pieces[0].rstrip() + "\0"
    kept += "".join(piece for piece in pieces[1:] if piece.strip())
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    rest = BREAK.search(text, end)
    if rest is not None and not text[end : rest.start()].strip():
        end = rest.end()
    elif rest is None and not text[end:].strip():
        end = len(text)
    return start, end, kept


def _line(mark: Any) -> int:
    return int(mark.line)


def _index(starts: list[int], mark: Any) -> int:
    return starts[_line(mark)] + int(mark.column)
