"""Writing views as JSON, YAML, CSV and Markdown text.

JSON and YAML keep store text intact (unsafe characters as escapes the parser undoes);
CSV and Markdown are for people and spreadsheets: control characters are shown escaped
and cells that a spreadsheet would run as a formula are made inert.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any, Generic, TextIO, TypeVar

import yaml

from dealtimeline.core.sanitize import RAW_UNSAFE, visible
from dealtimeline.serialize.grid import Grid

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def to_json(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
    return RAW_UNSAFE.sub(_unicode_escape, text) + "\n"


_Item = TypeVar("_Item")


class Lazy(list[Any], Generic[_Item]):
    """A list that the JSON encoder writes item by item, each made only when it is written
    and dropped after: `make` of each of `items`. Only for `write_json`: the list itself
    holds nothing (the encoder asks only its length, to tell an empty list, and its items)."""

    def __init__(self, items: Sequence[_Item], make: Callable[[_Item], Any]) -> None:
        super().__init__()
        self.items = items
        self.make = make

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Any]:
        return map(self.make, self.items)


_BATCH = 100
"""How many items of a `Lazy` list are made and encoded at a time."""


def write_json(data: Any, stream: TextIO) -> None:
    """`to_json(data)` written to `stream` as it is made, so that a long payload is never
    held whole: `data`'s top-level `Lazy` lists are made and written a batch at a time.

    Each top-level value (and each batch of a `Lazy` list) is encoded on its own and
    indented as deep as it sits: JSON strings hold no raw newline, so every newline of
    an encoding starts an indented line. (Batches, not items: each encoding makes the
    encoder's closures anew, a reference cycle, and the CLI runs without the cyclic
    collector.) The escapes are of single characters, so making them piece by piece
    gives the same text."""
    if not isinstance(data, dict) or not data or not all(isinstance(k, str) for k in data):
        stream.write(to_json(data))
        return
    encoder = json.JSONEncoder(sort_keys=True, indent=2, ensure_ascii=False)
    write = stream.write
    separator = "{\n  "
    for key in sorted(data):
        value = data[key]
        write(escaped(separator + encoder.encode(key) + ": "))
        separator = ",\n  "
        if not (isinstance(value, Lazy) and value):
            write(escaped(encoder.encode(value).replace("\n", "\n  ")))
            continue
        items = iter(value)
        start = "["
        while batch := list(islice(items, _BATCH)):
            # "[\n  item,\n  item\n]": the items, one level deeper, without the brackets.
            encoded = encoder.encode(batch)[1:-2].replace("\n", "\n  ")
            write(escaped(start + encoded))
            start = ","
        write("\n  ]")
    write("\n}\n")


def escaped(text: str) -> str:
    """`text` with each character a JSON or YAML emitter may leave raw as an escape."""
    return RAW_UNSAFE.sub(_unicode_escape, text)


class _Dumper(yaml.SafeDumper):
    """Double-quotes any string with an unsafe character, so it can be written as an escape."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if RAW_UNSAFE.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def to_yaml(data: Any, sort_keys: bool = True) -> str:
    """YAML, keys sorted (the JSON contract's order) unless `sort_keys` is False (the
    order of the mappings as given: the store's own order)."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=sort_keys,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return escaped(text)


def inert(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (CWE-1236), with controls escaped."""
    if cell.startswith(_FORMULA_START):
        cell = "'" + cell
    return visible(cell)


def to_csv(grid: Grid) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(grid.columns)
    for row in grid.rows:
        writer.writerow([inert(cell) for cell in row])
    return buffer.getvalue()


# What ends a cell or starts a link, an image or a code span (inside which no escape works).
_MD_INLINE = re.compile(r"([\\|`\[\]])")
# The same, and what starts emphasis or strike-through, for running text.
_MD_TEXT = re.compile(r"([\\|`\[\]*_~])")
# An ampersand that would start a character reference.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# What starts a block at the start of a line: a heading, a quote, a list item.
_MD_LINE_START = re.compile(r"^(?:([#>+*-])|(\d{1,9})([.)]))")


def _md_unblock(match: re.Match[str]) -> str:
    marker, number, dot = match.groups()
    return "\\" + marker if marker else number + "\\" + dot


def markdown_cell(cell: str, emphasis: bool = False) -> str:
    """A table cell or heading: `\\`, `|`, backtick and brackets escaped, newlines as <br>,
    `<` as &lt;, no leading block syntax (`\\#`, `1\\.`): store text stays text. With
    `emphasis`, also `*`, `_`, `~` and what reads as an entity (`&amp;`), for running text."""
    escaped = (_MD_TEXT if emphasis else _MD_INLINE).sub(r"\\\1", visible(cell))
    if emphasis:
        escaped = _MD_ENTITY.sub("&amp;", escaped)
    escaped = escaped.replace("<", "&lt;")
    escaped = "<br>".join(line.strip() for line in escaped.splitlines()) if escaped else ""
    return _MD_LINE_START.sub(_md_unblock, escaped)


def to_markdown(grids: Sequence[Grid], title: str) -> str:
    lines = [f"# {markdown_cell(title)}"]
    for grid in grids:
        lines.append("")
        if grid.title != title:
            lines += [f"## {markdown_cell(grid.title)}", ""]
        if not grid.rows:
            lines.append("(none)")
            continue
        lines.append("| " + " | ".join(markdown_cell(c) for c in grid.columns) + " |")
        lines.append("|" + "|".join("---" for _ in grid.columns) + "|")
        for row in grid.rows:
            lines.append("| " + " | ".join(markdown_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"
