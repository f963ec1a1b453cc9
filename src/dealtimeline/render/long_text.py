"""Store text of more than `LONG_TEXT` characters (render/style.py), drawn in linear time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions


class LongText(Text):
    """A Text whose wrapped lines reach Rich one segment each. Rich joins a wrapped Text
    into one string and its line splitter then cuts that string once per line, copying
    the rest each time: quadratic, seconds for a title of a few megabytes."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        lines = self.wrap(
            console,
            options.max_width,
            justify=self.justify or options.justify or "default",
            overflow=self.overflow or options.overflow or "fold",
            tab_size=self.tab_size or console.tab_size or 8,
            no_wrap=bool(self.no_wrap if self.no_wrap is not None else options.no_wrap),
        )
        for index, line in enumerate(lines):
            if index:
                yield Segment("\n")
            yield from line.render(console)
        if self.end:
            yield Segment(self.end)
