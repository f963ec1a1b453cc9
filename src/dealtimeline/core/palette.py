"""The colours that tell companies apart, shared by the terminal and the web page.

Each colour has its terminal name (a Rich colour name, as the 256-colour palette knows it)
and the same colour as hex, for outputs that are not a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dealtimeline.core.model import Store


@dataclass(frozen=True, repr=False, eq=False)
class Colour:
    name: str
    hex: str

    @property
    def luminance(self) -> float:
        """The relative luminance (0 to 255) by the sRGB weights, without gamma."""
        red, green, blue = (int(self.hex[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue


PALETTE = (
    Colour("dodger_blue2", "#005fff"),
    Colour("dark_orange3", "#d75f00"),
    Colour("green4", "#008700"),
    Colour("magenta3", "#d700d7"),
    Colour("red3", "#d70000"),
    Colour("dark_cyan", "#00af87"),
    Colour("gold3", "#d7af00"),
    Colour("purple4", "#5f00af"),
    Colour("deep_pink3", "#d70087"),
    Colour("chartreuse4", "#5f8700"),
    Colour("steel_blue", "#5f87af"),
    Colour("orange4", "#875f00"),
)


def company_colours(store: Store) -> dict[str, Colour]:
    """One stable colour per company: the store's order of companies, round the palette."""
    return {cid: PALETTE[i % len(PALETTE)] for i, cid in enumerate(store.companies)}
