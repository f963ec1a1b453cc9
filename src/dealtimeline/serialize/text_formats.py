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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from dealtimeline.core.sanitize import RAW_UNSAFE, visible

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Grid:
    """A plain table: what CSV writes, and what Markdown writes under a heading."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[Sequence[str]]


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def to_json(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
    return RAW_UNSAFE.sub(_unicode_escape, text) + "\n"


class _Dumper(yaml.SafeDumper):
    """Double-quotes any string with an unsafe character, so it can be written as an escape."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if RAW_UNSAFE.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def to_yaml(data: Any) -> str:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
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
# What starts a block at the start of a line: a heading, a quote, a list item.
_MD_LINE_START = re.compile(r"^(?:([#>+*-])|(\d{1,9})([.)]))")


def _md_unblock(match: re.Match[str]) -> str:
    marker, number, dot = match.groups()
    return "\\" + marker if marker else number + "\\" + dot


def markdown_cell(cell: str) -> str:
    """A table cell or heading: `\\`, `|`, backtick and brackets escaped, newlines as <br>,
    `<` as &lt;, no leading block syntax (`\\#`, `1\\.`): store text stays text."""
    escaped = _MD_INLINE.sub(r"\\\1", visible(cell)).replace("<", "&lt;")
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
