"""What every renderer shares: the styles, store text as Rich Text, company tags, marks.

Every store string passes through `visible` (or `one_line`) before it reaches Rich.
Rich's text, style and table modules are imported where a renderable is made, not here:
a view written without colour (`list | less`) is laid out without them (render/console.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from dealtimeline.core.sanitize import link_target, one_line, visible
from dealtimeline.serialize.doubt import aspect_marks

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from dealtimeline.core.model import Event, Store
    from dealtimeline.core.palette import Colour

MUTED = "grey50"
GRADE_STYLES = {"primary": "bold green", "press": "cyan", "copy": MUTED, None: "bold red"}
HEADING = "bold"
LONG_TEXT = 4096
"""Store text longer than this many characters is rendered as a `LongText`."""


def text(value: str, style: str = "") -> Text:
    """Store text as a Rich Text: never markup, never a control character."""
    shown = visible(value)
    if len(shown) > LONG_TEXT:
        from dealtimeline.render.long_text import LongText

        return LongText(shown, style=style)
    from rich.text import Text

    return Text(shown, style=style)


def tag_style(colour: Colour) -> str:
    """A company tag: black or white (whichever contrasts more) on the company's colour."""
    return f"bold {colour.text} on {colour.name}"


def company_styles(store: Store) -> dict[str, str]:
    """Each company's tag style, by company id."""
    from dealtimeline.core.palette import company_colours  # only where colour is drawn

    return {cid: tag_style(colour) for cid, colour in company_colours(store).items()}


class Address:
    """A source's address on a line of its own, indented, never wrapped nor cut: a line
    too long runs on, whole, for the terminal to fold, so that it can still be selected,
    copied and (as a hyperlink) clicked. With `link`, a safe http(s) address is an OSC 8
    hyperlink; a terminal that knows none shows the text alone."""

    def __init__(self, url: str, link: bool, indent: int = 3) -> None:
        from rich.style import Style

        self.shown = visible(" ".join(url.split()))
        target = link_target(url) if link else None
        self.style = Style(underline=True, link=target) if target else Style(underline=True)
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        yield Segment(" " * self.indent)
        yield Segment(self.shown, self.style)
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement(self.plain_width(), self.plain_width())

    def plain_width(self) -> int:
        from rich.cells import cell_len

        return self.indent + cell_len(self.shown)

    def plain_lines(self, max_width: int) -> list[str]:
        return [" " * self.indent + self.shown]


def address(url: str, link: bool, run_on: bool = True) -> RenderableType:
    """An Address; without `run_on` (in a pane that crops what overflows it, as explore's
    does), folded at the edge instead, so that none of it is lost."""
    line = Address(url, link)
    if run_on:
        return line
    from rich.text import Text

    return indented(Text(line.shown, style=line.style, overflow="fold"), line.indent)


def company_tags(store: Store, ids: Sequence[str], colour: bool) -> Text:
    """The companies as coloured tags; as a comma list when there is no colour to tell them."""
    from rich.text import Text

    styles = company_styles(store)
    tags = Text()
    for index, company_id in enumerate(ids):
        name = one_line(store.companies[company_id].name)
        if colour:
            if index:
                tags.append(" ")
            tags.append(f" {name} ", style=styles[company_id])
        else:
            tags.append((", " if index else "") + name)
    return tags


def marks(event: Event) -> Text:
    from rich.text import Text

    result = Text()
    if event.reported:
        result.append("  reported", style="yellow")
    for shown in aspect_marks(event):
        result.append(f"  {shown}", style=doubt_style(event))
    return result


def doubt_style(event: Event) -> str:
    """Red when the event itself is in doubt; a date quibble only in yellow."""
    return "bold red" if event.in_doubt else "yellow"


def heading(title: str) -> Text:
    from rich.text import Text

    return Text(title, style="bold underline")


def fields(rows: Iterable[tuple[str, Text | str]]) -> Table:
    """Names in a muted column, values beside them."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=MUTED, no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in rows:
        grid.add_row(name, value)
    return grid


class Stack:
    """Renderables one under another: Rich's `Group` (fit), without importing Rich's
    console, so that a view written without colour can skip it (render/console.py)."""

    def __init__(self, *renderables: RenderableType) -> None:
        self.renderables = list(renderables)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.renderables

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import measure_renderables

        return measure_renderables(console, options, self.renderables)


def indented(line: RenderableType, spaces: int = 2) -> Padding:
    from rich.padding import Padding

    return Padding(line, (0, 0, 0, spaces))


def lens_suffix(store: Store) -> str:
    """`, as known on 2025-01-20, confirmed events only` for a header, or nothing."""
    parts = []
    if store.known_at is not None:
        parts.append(f"as known on {store.known_at.isoformat()}")
    if store.confirmed:
        parts.append("confirmed events only")
    return "".join(f", {p}" for p in parts)


def lens_heading(store: Store) -> list[RenderableType]:
    """`As known on 2025-01-20` over a view whose store is read through a lens; nothing
    when it is read whole."""
    words = lens_suffix(store).removeprefix(", ")
    return [Runs(words[:1].upper() + words[1:], HEADING)] if words else []


class Runs:
    """Runs of text, each in its own style, over a style for the whole: the Rich Text
    they stand for is built only when Rich draws them; written without colour, their
    plain lines need no Rich (render/console.py lays them out as it does a Text)."""

    justify = None
    end = "\n"

    def __init__(self, first: str, style: str = "") -> None:
        self.style = style
        self.runs: list[tuple[str, str | None]] = [(first, None)]

    def append(self, value: str, style: str | None = None) -> Runs:
        self.runs.append((value, style))
        return self

    @property
    def plain(self) -> str:
        return "".join(value for value, _ in self.runs)

    def text(self) -> Text:
        """The Rich Text: the first run in the whole's style, the others appended."""
        from rich.text import Text

        (first, _), *rest = self.runs
        result = Text(first, style=self.style)
        for value, style in rest:
            result.append(value, style=style)
        return result

    def wrap(self, console: Console, width: int) -> list[Text]:
        return list(self.text().wrap(console, width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.text())
