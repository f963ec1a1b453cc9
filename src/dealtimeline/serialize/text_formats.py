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
        write(_escaped(separator + encoder.encode(key) + ": "))
        separator = ",\n  "
        if not (isinstance(value, Lazy) and value):
            write(_escaped(encoder.encode(value).replace("\n", "\n  ")))
            continue
        items = iter(value)
        start = "["
        while batch := list(islice(items, _BATCH)):
            # "[\n  item,\n  item\n]": the items, one level deeper, without the brackets.
            encoded = encoder.encode(batch)[1:-2].replace("\n", "\n  ")
            write(_escaped(start + encoded))
            start = ","
        write("\n  ]")
    write("\n}\n")


def _escaped(text: str) -> str:
    return RAW_UNSAFE.sub(_unicode_escape, text)


class _Dumper(yaml.SafeDumper):
    """Double-quotes any string with an unsafe character, so it can be written as an escape."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if RAW_UNSAFE.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


class Flow(list[str]):
    """Ids written on one line in brackets, as a store writes them: [openai, oracle]."""


class FlowMap(dict[str, Any]):
    """A small mapping on one line in braces, as a store writes one: {value: 6, unit: GW}."""


class Folded(str):
    """A summary as a folded block (`>-`), wrapped near 88 columns as a store's are."""

    __slots__ = ()


class Quoted(str):
    """A quote written in double quotes, as a store writes them."""

    __slots__ = ()


class _StoreDumper(_Dumper):
    """A store's own style: lists indented under their key, `Flow` and `Quoted` as such,
    and no line folded (a title or a quote stays on its line)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def write_folded(self, text: str) -> None:
        """A folded block's lines wrapped near 88 columns, as a store wraps its summaries
        (PyYAML breaks after the word that passes its width: 84 ends them at 88)."""
        kept, self.best_width = self.best_width, 84
        try:
            super().write_folded(text)
        finally:
            self.best_width = kept

    def choose_scalar_style(self) -> str:
        """Double quotes where PyYAML would choose single ones: a store's only quotes."""
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style


def _represent_flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _represent_folded(dumper: yaml.SafeDumper, value: Folded) -> yaml.ScalarNode:
    # A summary with a character that needs an escape is written in double quotes instead.
    style = '"' if RAW_UNSAFE.search(value) or not value.isprintable() else ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


def _represent_quoted(dumper: yaml.SafeDumper, value: Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _represent_flow_map(dumper: yaml.SafeDumper, value: FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(value), flow_style=True)


_StoreDumper.add_representer(Flow, _represent_flow)
_StoreDumper.add_representer(FlowMap, _represent_flow_map)
_StoreDumper.add_representer(Folded, _represent_folded)
_StoreDumper.add_representer(Quoted, _represent_quoted)


def to_yaml(data: Any, sort_keys: bool = True, store_style: bool = False) -> str:
    """YAML, keys sorted (the JSON contract's order) unless `sort_keys` is False (the
    order of the mappings as given: the store's own order); `store_style` writes it as a
    store is written (`_StoreDumper`), so that it diffs cleanly against one."""
    text = yaml.dump(
        data,
        Dumper=_StoreDumper if store_style else _Dumper,
        sort_keys=sort_keys,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 16 if store_style else 100,
    )
    return RAW_UNSAFE.sub(_unicode_escape, text)


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
