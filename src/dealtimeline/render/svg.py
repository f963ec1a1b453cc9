"""The SVG pictures of the views: Rich's export, made to travel and to look the same in
every renderer.

Rich's SVG fetches Fira Code from a CDN, stretches each run of text to its count of
characters (so a wide character, CJK or emoji, squeezes the rest: Rich issue #2742), and
leaves whitespace to the renderer, which librsvg collapses (so an indented label moves to
the left edge); librsvg also ignores textLength, so a long run drifts from its cells. Here
the fonts are the machine's own, text is cut into short pieces each placed at its cell
(a wide character is a piece of its own, two cells wide), and the whole picture keeps its
spaces (xml:space="preserve").
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from rich.cells import get_character_cell_size

if TYPE_CHECKING:
    from rich.console import Console

CHAR_HEIGHT = 20
FONT_ASPECT_RATIO = 0.6
"""A cell is 0.6 of the font's size wide, as in Fira Code and DejaVu Sans Mono."""
CHAR_WIDTH = CHAR_HEIGHT * FONT_ASPECT_RATIO
"""The width of a cell in Rich's SVG, in its pixels."""
FONTS = "'Fira Code', 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"
"""Monospaced fonts found on the machine that shows the picture; none is downloaded."""

PIECE = 8
"""The most characters placed by one x: past it, a renderer that ignores textLength
(librsvg) would drift from the cells by its font's width against CHAR_WIDTH."""
_SPACES = (" ", "\xa0")
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
    """One run of Rich's text as pieces, each at its own x by the cells before it and
    stretched (in renderers that stretch) to its own count of cells."""
    start = float(match["x"])
    pieces = "".join(
        f'<tspan x="{_number(start + cell * CHAR_WIDTH)}" '
        f'textLength="{_number(cells * CHAR_WIDTH)}">{_escape(text)}</tspan>'
        for cell, text, cells in _pieces(html.unescape(match["content"]))
    )
    attributes = f"{match['before']}{match['middle']}{match['after']}".strip()
    return f"<text {attributes}>{pieces}</text>" if pieces else ""


def _pieces(content: str) -> list[tuple[int, str, int]]:
    """`content` cut into pieces (first cell, text, cells) that begin with a character
    that shows: a wide character alone, else at most PIECE characters and the spaces
    after them. A piece begins where its cell is; within it, drift stays small."""
    pieces: list[tuple[int, str, int]] = []
    cell = 0
    for character in content:
        if character in "\r\n":
            continue
        width = get_character_cell_size(character)
        space = character in _SPACES
        if pieces and (space or _joins(pieces[-1][1], character, width)):
            first, text, cells = pieces[-1]
            pieces[-1] = (first, text + character, cells + width)
        elif not space:
            pieces.append((cell, character, width))
        cell += width
    return pieces


def _joins(text: str, character: str, width: int) -> bool:
    """Whether `character` may join the piece `text`."""
    last = text[-1]
    return (
        width == 1
        and last not in _SPACES
        and get_character_cell_size(last) == 1
        and len(text) < PIECE
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace(" ", "&#160;").replace("\xa0", "&#160;")


def _number(value: float) -> str:
    return format(round(value, 2), "g")
