"""The SVG pictures of the views: Rich's export, made to travel and to look the same in
every renderer.

Rich's SVG fetches Fira Code from a CDN, stretches each run of text to its count of
characters (so a wide character, CJK or emoji, squeezes the rest: Rich issue #2742), and
leaves whitespace to the renderer, which librsvg collapses (so an indented label moves to
the left edge). Here the fonts are the machine's own, every character is placed at its
cell by its own x, and the whole picture keeps its spaces (xml:space="preserve").
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from rich.cells import get_character_cell_size

if TYPE_CHECKING:
    from rich.console import Console

CHAR_HEIGHT = 20
FONT_ASPECT_RATIO = 0.61
CHAR_WIDTH = CHAR_HEIGHT * FONT_ASPECT_RATIO
"""The width of a cell in Rich's SVG, in its pixels."""
FONTS = "'Fira Code', 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"
"""Monospaced fonts found on the machine that shows the picture; none is downloaded."""

_FONT_FACE = re.compile(r"[ \t]*@font-face \{[^}]*\}\n?")
_FONT_FAMILY = re.compile(r"font-family: Fira Code, monospace;")
_TEXT = re.compile(
    r'<text (?P<before>[^>]*?)x="(?P<x>[0-9.]+)" (?P<middle>[^>]*?)'
    r'textLength="[0-9.e+]+" ?(?P<after>[^>]*)>(?P<content>[^<]*)</text>'
)


def export_svg(console: Console, title: str) -> str:
    """The console's recorded output as a self-contained SVG."""
    svg = console.export_svg(title=title, font_aspect_ratio=FONT_ASPECT_RATIO)
    return self_contained(svg)


def self_contained(svg: str) -> str:
    """Rich's SVG with local fonts, each character at its cell, and spaces kept."""
    svg = _FONT_FACE.sub("", svg)
    svg = _FONT_FAMILY.sub(f"font-family: {FONTS};", svg)
    svg = svg.replace("<svg ", '<svg xml:space="preserve" ', 1)
    return _TEXT.sub(_placed, svg)


def _placed(match: re.Match[str]) -> str:
    """One run of Rich's text with an x for each character, by the cells before it."""
    content = html.unescape(match["content"])
    start = float(match["x"])
    xs = []
    cells = 0
    for character in content:
        xs.append(_number(start + cells * CHAR_WIDTH))
        cells += get_character_cell_size(character)
    attributes = f'{match["before"]}x="{" ".join(xs)}" {match["middle"]}{match["after"]}'
    return f"<text {attributes.strip()}>{match['content']}</text>"


def _number(value: float) -> str:
    return format(round(value, 2), "g")
