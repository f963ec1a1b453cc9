"""Adding a source to a user's store, as `add` adds an event: the new entry dumped by
PyYAML's safe dumper, indented as the `sources:` mapping's keys are, and inserted as text
after its last source, so every existing byte (comments, order, quoting) stays. The new
text is parsed again and must hold the old store plus exactly the new source; the write
is atomic, under the store's lock, from the store read again under that lock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import yaml

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import Grade, Source, Store
from dealtimeline.serialize.store_style import StoreDumper
from dealtimeline.store.placement import most_used_newline
from dealtimeline.store.reader import parse_store
from dealtimeline.store.writer import refuse_unless_only_added, rewrite_locked

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, repr=False)
class NewSource:
    id: str
    title: str
    publisher: str
    published: PartialDate
    url: str
    grade: Grade = "press"

    def source(self) -> Source:
        return Source(
            self.id, self.title, self.publisher, self.published, self.url, None, self.grade
        )


@dataclass(frozen=True, repr=False)
class SourceAddition:
    """A checked addition: the source's YAML as inserted, and the whole new file."""

    fragment: str
    data: bytes


def same_address(first: str, second: str) -> bool:
    """Two URLs for one page: scheme and host in any case, `www.`, a final slash aside."""

    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
        return host, parts.path.rstrip("/") or "/", parts.query

    return key(first) == key(second)


def refuse_duplicate(store: Store, new: NewSource, file: str) -> None:
    """A source whose id or URL the store already has is refused, naming that source."""
    known = store.sources.get(new.id)
    if known is not None:
        raise DealtimelineError.failure(
            f"source '{new.id}' already exists ({known.publisher}, {known.published.iso})",
            f"choose another --id, or cite it: dealtimeline add --source {new.id}",
            file,
        )
    for source in store.sources.values():
        if source.url and same_address(source.url, new.url):
            raise DealtimelineError.failure(
                f"{new.url} is already source '{source.id}'",
                f"did you mean '{source.id}'? cite it: dealtimeline add --source {source.id}",
                file,
            )


def plan_source(data: bytes, file: str, new: NewSource) -> SourceAddition:
    """The new file: `data` with the source inserted, checked by parsing it all again."""
    old = parse_store(data, file)
    refuse_duplicate(old, new, file)
    text = data.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = most_used_newline(body)
    offset, indent = _place(body, file)
    mapping: dict[str, Any] = {
        new.id: {
            "title": new.title,
            "publisher": new.publisher,
            "published": new.published.iso,
            "url": new.url,
            "grade": new.grade,
        }
    }
    dumped = yaml.dump(
        mapping, Dumper=StoreDumper, sort_keys=False, allow_unicode=True, width=1 << 30
    )
    dumped = dumped.replace(f"published: '{new.published.iso}'", f"published: {new.published.iso}")
    fragment = "".join(
        " " * indent + line.rstrip("\n") + newline for line in dumped.splitlines(keepends=True)
    )
    before = body[:offset]
    if before and not before.endswith(("\n", "\r")):
        before += newline
    result = (bom + before + fragment + body[offset:]).encode("utf-8")
    after = parse_store(result, file)
    expected = {**old.sources, new.id: new.source()}
    same = (
        after.sources == expected
        and list(after.sources) == list(expected)
        and (after.events, after.companies, after.terms) == (old.events, old.companies, old.terms)
    )
    refuse_unless_only_added(same, "source", file)
    return SourceAddition(fragment, result)


def _place(text: str, file: str) -> tuple[int, int]:
    """Where a new source goes (after the last line of the last source) and the column
    of the `sources:` mapping's keys."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    depth, key, root_nodes = 0, None, 0
    value: Any = None
    last_end: Any = None
    first_key: Any = None
    root_column = 0
    for event in yaml.parse(text, Loader=_PARSER):
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        if depth == 0:
            root_column = 0 if event.start_mark is None else event.start_mark.column
        elif depth == 1:
            is_key = root_nodes % 2 == 0
            root_nodes += 1
            if is_key:
                key = event.value if isinstance(event, yaml.ScalarEvent) else None
            elif key == "sources":
                value = event
        elif value is not None and key == "sources":
            if depth == 2 and first_key is None:
                first_key = event
            last_end = event.end_mark
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
    if value is None:
        raise DealtimelineError.failure(
            "the store has no 'sources:' mapping", "add a line 'sources:' to it first", file
        )
    if isinstance(value, yaml.CollectionStartEvent) and value.flow_style:
        raise DealtimelineError.failure(
            "'sources' is written in flow style ({...}), so a source cannot be added",
            "write each source on lines of its own, as 'dealtimeline init' does",
            file,
        )
    if first_key is None:  # `sources:` with nothing under it
        line = value.start_mark.line
        return starts[min(line + 1, len(starts) - 1)], root_column + 2
    assert last_end is not None
    line = last_end.line + (0 if last_end.column == 0 else 1)
    return starts[min(line, len(starts) - 1)], first_key.start_mark.column


def add_source(path: Path, new: NewSource) -> SourceAddition:
    """Add the source to the store at `path`, under its lock, from the store as it is then."""
    return rewrite_locked(path, lambda data, raced: plan_source(data, str(path), new), "source")


def grade_of(text: str) -> Grade:
    from dealtimeline.core.model import GRADES

    cleaned = text.strip().lower()
    if cleaned not in GRADES:
        raise DealtimelineError.usage(
            f"no grade '{text}' (--grade)", "One of: " + ", ".join(GRADES)
        )
    return cast(Grade, cleaned)
