"""Where views are written: the terminal or a pipe, with or without colour, and SVG files."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO, runtime_checkable

from dealtimeline.core.sanitize import one_line

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from dealtimeline.render.style import Runs

    Words = Text | Runs
    """Text laid out as Rich lays out a Text: a Text, or the Runs that stand for one."""

PIPE_MIN_WIDTH = 80
PIPE_MAX_WIDTH = 240
SVG_WIDTH = 110
MAX_WIDTH = 500
"""The widest any view is laid out, whatever COLUMNS or the terminal say: wider than the
widest screen reads (COLUMNS=99999999 took 44 s and 5.6 GB in diff)."""


def colour_wanted(no_color: bool, stream: TextIO) -> bool:
    """Colour only on a terminal, and never with --no-color, NO_COLOR or TERM=dumb."""
    if no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _columns_variable() -> int | None:
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return min(columns, MAX_WIDTH) if columns > 0 else None


def make_console(stream: TextIO, colour: bool, width: int | None, record: bool = False) -> Console:
    from rich.console import Console

    return Console(
        file=stream,
        width=width,
        color_system="truecolor" if colour and record else ("auto" if colour else None),
        force_terminal=colour,
        no_color=not colour,
        markup=False,
        emoji=False,
        highlight=False,
        record=record,
        legacy_windows=False,
        _environ={k: v for k, v in os.environ.items() if k in ("COLORTERM", "TERM")},
    )


def terminal_width() -> int | None:
    """COLUMNS, else the width of the terminal on stdout, else (piped, as in `diff | less`)
    of the one on stderr; None when neither is a terminal. At most MAX_WIDTH."""
    width = _columns_variable()
    if width is not None:
        return width
    for stream in (sys.stdout, sys.stderr):
        try:
            columns = os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 0
        except (OSError, ValueError, AttributeError):
            columns = 0
        if columns > 0:
            return min(columns, MAX_WIDTH)
    return None


def print_renderables(
    renderables: Sequence[RenderableType], colour: bool, stream: TextIO | None = None
) -> None:
    """Print to `stream` (stdout) at the terminal's width; with no terminal on stdout or
    stderr, at the width the content needs."""
    stream = sys.stdout if stream is None else stream
    width = terminal_width()
    if not colour:
        plain = _plain_text(renderables, width)
        if plain is not None:
            stream.write(plain)
            return
    if width is None:
        measuring = make_console(stream, False, PIPE_MAX_WIDTH)
        needed = max((measuring.measure(r).maximum for r in renderables), default=PIPE_MIN_WIDTH)
        width = _pipe_width(needed)
    console = make_console(stream, colour, width)
    if colour:
        for renderable in renderables:
            console.print(renderable, crop=False)  # a source's address runs on, whole
        return
    lines: list[str] = []
    for renderable in renderables:
        plain_lines = getattr(renderable, "plain_lines", None)
        if plain_lines is not None:
            lines.extend(plain_lines(width))
            continue
        with console.capture() as captured:
            console.print(renderable, crop=False)
        lines.extend(captured.get().splitlines())
    stream.write("".join(line.rstrip() + "\n" for line in lines))


def _pipe_width(needed: int) -> int:
    return max(PIPE_MIN_WIDTH, min(needed, PIPE_MAX_WIDTH))


@runtime_checkable
class PlainLayout(Protocol):
    """A renderable that lays itself out as plain lines, without a Rich console."""

    def plain_width(self) -> int: ...

    def plain_lines(self, max_width: int) -> Iterable[str]: ...


def _plain_text(renderables: Sequence[RenderableType], width: int | None) -> str | None:
    """The view without colour, written without a Rich console (whose import alone is a
    tenth of the start-up) when every part can say its width and lines itself: a
    PlainLayout, a plain Text or Runs, or a Stack, Group or left Padding of them. A Text wider
    than its room is wrapped by Rich's own `Text.wrap`, as Rich prints it. None
    otherwise: Rich then draws it, with the same result."""
    from rich.cells import cell_len

    leaves: list[tuple[int, Words | PlainLayout]] = []
    for renderable in renderables:
        found = _leaves(renderable, 0)
        if found is None:
            return None
        leaves += found
    if width is None:
        widths = [indent + _leaf_width(leaf) for indent, leaf in leaves]
        width = _pipe_width(max(widths, default=PIPE_MIN_WIDTH))
    wrapping: list[Console] = []
    lines: list[str] = []
    for indent, leaf in leaves:
        room = width - indent
        if isinstance(leaf, PlainLayout):
            shown = list(leaf.plain_lines(room))
        else:
            shown = _text_lines(leaf) or [""]
            if any(cell_len(line) > room for line in shown):
                if not wrapping:
                    wrapping.append(make_console(sys.stdout, False, width))
                shown = [line.plain for line in leaf.wrap(wrapping[0], room)]
                if room < 1 or any(cell_len(line) > room for line in shown):
                    return None
        lines += [" " * indent + line for line in shown]
    return "".join(line.rstrip() + "\n" for line in lines)


def _leaf_width(leaf: Words | PlainLayout) -> int:
    """What Rich measures as the widest a part can use: a Text's longest line."""
    from rich.cells import cell_len

    if isinstance(leaf, PlainLayout):
        return leaf.plain_width()
    return max(map(cell_len, _text_lines(leaf) or [""]))


def _leaves(renderable: object, indent: int) -> list[tuple[int, Words | PlainLayout]] | None:
    """The renderable as its plain parts, each with the indent Rich would give it: a
    Text (or Runs) that Rich prints line for line, or a PlainLayout; None for anything
    else. Rich's modules are looked up, not imported: no Text, Padding or Group can exist
    before its module is, and a view made of Runs and PlainLayouts needs none of them."""
    from dealtimeline.render.style import Runs, Stack

    text, padding = sys.modules.get("rich.text"), sys.modules.get("rich.padding")
    if isinstance(renderable, Runs) or (text and isinstance(renderable, text.Text)):
        return None if _text_lines(renderable) is None else [(indent, renderable)]
    if isinstance(renderable, PlainLayout):
        return [(indent, renderable)]
    if padding and isinstance(renderable, padding.Padding):
        if (renderable.top, renderable.right, renderable.bottom) != (0, 0, 0):
            return None
        return _leaves(renderable.renderable, indent + renderable.left)
    console = sys.modules.get("rich.console")
    if isinstance(renderable, Stack):
        parts: Sequence[object] = renderable.renderables
    elif console is not None and isinstance(renderable, console.Group):
        parts = renderable.renderables
    else:
        return None
    found: list[tuple[int, Words | PlainLayout]] = []
    for part in parts:
        leaves = _leaves(part, indent)
        if leaves is None:
            return None
        found += leaves
    return found


def _text_lines(text: Words) -> list[str] | None:
    """A Text's lines when Rich prints it line for line (left-aligned, one line per
    `\\n`, no tab to expand, no other line break); None otherwise."""
    plain = text.plain
    if (
        text.justify not in (None, "default", "left")
        or text.end != "\n"
        or "\t" in plain
        or plain.endswith("\n")
        or any(mark in plain for mark in _OTHER_BREAKS)
    ):
        return None
    return plain.split("\n")


_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def save_svg(renderables: Sequence[RenderableType], path: Path, title: str) -> None:
    """The same view as an SVG picture, in colour, at the terminal's width (or 110)."""
    import io

    from dealtimeline.render.svg import export_svg
    from dealtimeline.store.atomic import write_atomically

    width = _columns_variable() or SVG_WIDTH
    console = make_console(io.StringIO(), True, width, record=True)
    for renderable in renderables:
        console.print(renderable)
    shown = one_line(title)  # the title is store text too, and XML forbids control characters
    write_atomically(path, export_svg(console, shown).encode("utf-8"))
