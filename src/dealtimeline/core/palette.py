"""The colours that tell companies apart, shared by the terminal, the SVG and the web page.

Each colour has its terminal name (a Rich colour name or hex, as the 256-colour palette
knows it) and the same colour as hex, for outputs that are not a terminal. Every company
of a store gets a colour of its own: seventeen chosen by hand, then, as far as a store needs
them, the 256-colour cube's colours farthest (in CIELAB) from those already given, then
hues round the colour wheel. A badge's text is black or white, whichever contrasts more:
one of the two always reaches WCAG AA (4.5:1) on any background.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dealtimeline.core.model import Store

BLACK = "#000000"
WHITE = "#ffffff"
GOLDEN_ANGLE = 0.381966
"""The fraction of a turn between the hues given when the 256-colour cube is spent."""


@dataclass(frozen=True, repr=False, eq=False)
class Colour:
    name: str
    hex: str

    @property
    def luminance(self) -> float:
        """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
        return relative_luminance(self.hex)

    @property
    def text(self) -> str:
        """The badge text on this colour: black or white, whichever contrasts more."""
        return BLACK if contrast(self.hex, BLACK) >= contrast(self.hex, WHITE) else WHITE


def _channels(hex_colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def _linear(channel: int) -> float:
    """An sRGB channel (0-255) as linear light, as WCAG 2 defines it."""
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    red, green, blue = (_linear(c) for c in _channels(hex_colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two hex colours, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


CHOSEN = (
    Colour("dodger_blue2", "#005fff"),
    Colour("dark_orange3", "#d75f00"),
    Colour("green4", "#008700"),
    Colour("magenta3", "#d700d7"),
    Colour("red3", "#d70000"),
    Colour("dark_cyan", "#00af87"),
    Colour("gold3", "#d7af00"),
    Colour("purple", "#af00ff"),
    Colour("deep_pink3", "#d70087"),
    Colour("chartreuse4", "#5f8700"),
    Colour("steel_blue", "#5f87af"),
    Colour("orange4", "#875f00"),
    Colour("#d78787", "#d78787"),
    Colour("#afaf87", "#afaf87"),
    Colour("#87d700", "#87d700"),
    Colour("#8787ff", "#8787ff"),
    Colour("#5fd7ff", "#5fd7ff"),
)
PALETTE = CHOSEN
_CUBE_LEVELS = (0, 95, 135, 175, 215, 255)


def _hex(red: int, green: int, blue: int) -> str:
    return f"#{red:02x}{green:02x}{blue:02x}"


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a hex colour, for how far apart two colours look."""
    red, green, blue = (_linear(c) for c in _channels(hex_colour))
    xyz = (
        (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047,
        0.2126 * red + 0.7152 * green + 0.0722 * blue,
        (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _distance(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(first, second, strict=True)) ** 0.5)


def _cube() -> list[str]:
    """The 256-colour cube's colours that read on a dark and on a light terminal alike."""
    found = [_hex(r, g, b) for r in _CUBE_LEVELS for g in _CUBE_LEVELS for b in _CUBE_LEVELS]
    return [c for c in found if 0.12 <= relative_luminance(c) <= 0.45]


@lru_cache(maxsize=8)
def palette(count: int) -> tuple[Colour, ...]:
    """`count` distinct colours: the chosen ones first, each next one the farthest from all
    before it; past the cube, hues round the wheel at two lightnesses."""
    colours = list(CHOSEN[:count])
    taken = {c.hex for c in colours}
    candidates = [c for c in _cube() if c not in taken]
    labs = {c: _lab(c) for c in candidates}
    nearest = {c: min(_distance(labs[c], _lab(t)) for t in taken) for c in candidates}
    while len(colours) < count and nearest:
        best = max(nearest, key=lambda c: (nearest[c], c))
        del nearest[best]
        colours.append(Colour(best, best))
        for other in nearest:
            nearest[other] = min(nearest[other], _distance(labs[other], labs[best]))
    turn = 0
    while len(colours) < count:
        turn += 1
        hue = (turn * GOLDEN_ANGLE) % 1
        red, green, blue = colorsys.hls_to_rgb(hue, 0.38 if turn % 2 else 0.5, 0.75)
        shown = _hex(round(red * 255), round(green * 255), round(blue * 255))
        if shown not in {c.hex for c in colours}:
            colours.append(Colour(shown, shown))
    return tuple(colours)


def company_colours(store: Store) -> dict[str, Colour]:
    """One colour per company, none shared: the store's order of companies, in turn."""
    return dict(zip(store.companies, palette(len(store.companies)), strict=True))


def counterparty(store: Store, companies: Sequence[str]) -> str | None:
    """The company whose colour a term's bar or a line of totals takes: the first of
    `companies` other than the store's first (the party to every deal), else that one."""
    known = [c for c in companies if c in store.companies]
    first = next(iter(store.companies), None)
    others = [c for c in known if c != first]
    return next(iter(others or known), None)
