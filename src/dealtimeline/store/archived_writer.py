"""Saving a web archive's copy of a source into a user's store, as `sources check
--save-archive` does: the `archived:` key of each source's mapping replaced, or inserted
after its `url:` (in the mapping's own style, block or flow), as text, so every other byte
(comments, order, quoting) stays. The new text is parsed again and must hold the old store
with exactly those fields changed; the write is atomic, under the store's lock, from the
store read again under that lock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.sanitize import http_url
from dealtimeline.serialize.store_style import StoreDumper
from dealtimeline.store.placement import most_used_newline
from dealtimeline.store.reader import parse_store
from dealtimeline.store.writer import refuse_unless_only_added, rewrite_locked

_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, repr=False)
class ArchivedSaved:
    """A checked rewrite: the ids of the sources whose `archived:` changed, and the file."""

    changed: tuple[str, ...]
    data: bytes


def plan_archived(data: bytes, file: str, found: Mapping[str, str]) -> ArchivedSaved:
    """The new file: `data` with `archived: URL` for each source id in `found` whose
    `archived:` is not that URL already, checked by parsing it all again."""
    old = parse_store(data, file)
    for source_id, url in found.items():
        if source_id not in old.sources:
            raise DealtimelineError.failure(
                f"source '{source_id}' is no longer in the store; nothing was written",
                "run the check again",
                file,
            )
        if http_url(url) != url:
            raise DealtimelineError.failure(
                f"'{url}' is not an http(s) address", "give an https:// address", file
            )
    changed = tuple(i for i, url in found.items() if old.sources[i].archived != url)
    if not changed:
        return ArchivedSaved((), data)
    text = data.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = most_used_newline(body)
    sources = _sources_node(body, file)
    edits = [_edit(body, sources, source_id, found[source_id], newline) for source_id in changed]
    for start, end, new in sorted(edits, reverse=True):
        body = body[:start] + new + body[end:]
    result = (bom + body).encode("utf-8")
    after = parse_store(result, file)
    expected = {
        key: replace(value, archived=found[key]) if key in changed else value
        for key, value in old.sources.items()
    }
    same = after == replace(old, sources=expected) and list(after.sources) == list(expected)
    refuse_unless_only_added(same, "archived copy", file)
    return ArchivedSaved(changed, result)


def save_archived(path: Path, found: Mapping[str, str]) -> ArchivedSaved:
    """Write each source's archived copy into the store at `path`, under its lock, from
    the store as it is then."""
    return rewrite_locked(
        path, lambda data, raced: plan_archived(data, str(path), found), "archived copy"
    )


def _sources_node(text: str, file: str) -> yaml.MappingNode:
    root = yaml.compose(text, Loader=_COMPOSER)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            named = isinstance(key, yaml.ScalarNode) and key.value == "sources"
            if named and isinstance(value, yaml.MappingNode):
                return value
    raise DealtimelineError.failure(
        "the store has no 'sources:' mapping", "add a line 'sources:' to it first", file
    )


def _edit(
    body: str, sources: yaml.MappingNode, source_id: str, url: str, newline: str
) -> tuple[int, int, str]:
    """Where the text changes for one source (start, end) and what goes there."""
    entry = next(
        v for k, v in sources.value if isinstance(k, yaml.ScalarNode) and k.value == source_id
    )
    assert isinstance(entry, yaml.MappingNode) and entry.value
    scalar = _scalar(url, bool(entry.flow_style))
    fields = {k.value: (k, v) for k, v in entry.value if isinstance(k, yaml.ScalarNode)}
    if "archived" in fields:
        node = fields["archived"][1]
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        return node.start_mark.index, node.end_mark.index, scalar + (newline if block else "")
    key, value = fields.get("url", entry.value[-1])
    if entry.flow_style:
        end = value.end_mark.index
        return end, end, f", archived: {scalar}"
    line = " " * key.start_mark.column + f"archived: {scalar}" + newline
    at = _next_line(body, value.end_mark.index, value.end_mark.column)
    if at == len(body) and body and not body.endswith(("\n", "\r")):
        line = newline + line
    return at, at, line


def _next_line(body: str, index: int, column: int) -> int:
    """The start of the line after the one a value ends on at `index` (a block scalar
    ends at the start of a line already)."""
    if column == 0:
        return index
    ends = [i for i in (body.find("\n", index), body.find("\r", index)) if i >= 0]
    if not ends:
        return len(body)
    found = min(ends)
    return found + (2 if body.startswith("\r\n", found) else 1)


def _scalar(url: str, flow: bool) -> str:
    """The URL as YAML that reads back as itself in a block or a flow mapping: plain when
    it can be there, quoted otherwise."""
    dumped = yaml.dump({"k": url}, Dumper=StoreDumper, default_flow_style=flow, width=1 << 30)
    return dumped.strip().removeprefix("{").removesuffix("}").removeprefix("k: ")
