"""The timeline: events grouped by year, laid out in one pass, and its legend.

Renderers only lay out what the core computed; they never decide what is true.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

from rich.cells import cell_len

from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.sourcing import GRADE_MARKS, event_audit, mark
from dealtimeline.core.values import event_amount, plural
from dealtimeline.render.style import (
    GRADE_STYLES,
    HEADING,
    MUTED,
    Runs,
    company_styles,
    doubt_style,
)
from dealtimeline.serialize.doubt import aspect_marks

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.style import Style

    from dealtimeline.core.model import Event, Store
    from dealtimeline.core.search import Match

Piece = tuple[str, str, int]
"""A run of text, its style name, and its width in cells."""

_TEXT, _WIDTH = itemgetter(0), itemgetter(2)
GAP = "   "
INDENT = "  "


def _piece(value: str, style: str = "") -> Piece:
    return (value, style, len(value) if value.isascii() else cell_len(value))


class Timeline:
    """Events grouped by year: date, title, amount; under each, kind, companies, marks, id.

    A renderable of its own rather than a Rich table, so that a store of thousands of
    events lays out in one linear pass: the columns are sized once; the title and the
    line under it wrap between words (a piece of white space is where a line may break).
    When a word (an id, most often) is wider than the column, each event's text goes under
    its date instead, across the whole width; a word too long even for that is folded.
    """

    def __init__(
        self,
        store: Store,
        events: Sequence[Event],
        colour: bool,
        by_year: bool = True,
        matches: Mapping[str, Match] | None = None,
    ) -> None:
        """`by_year`: under a heading for each year (events in another order than by date
        are listed without). `matches`: where a search found each event, said under it."""
        colours = company_styles(store) if colour else None
        found = matches or {}
        self.by_year = by_year
        self.rows = [
            (
                event.date.start.year,
                event.date.display,
                _words(one_line(event.title), "bold"),
                _meta(store, event, colours),
                visible(event_amount(event)),
                _found(found[event.id]) if event.id in found else [],
            )
            for event in events
        ]
        self.date_width = max([len("2024-06-11"), *(len(r[1]) for r in self.rows)])
        self.amount_width = max([len("Amount"), *(cell_len(r[4]) for r in self.rows)])
        self.event_width = max(
            [len("Event"), *(max(_length(r[2]), _length(r[3]), _length(r[5])) for r in self.rows)]
        )

    def _widest_word(self) -> int:
        texts = chain.from_iterable((row[2], row[3], row[5]) for row in self.rows)
        pieces = chain.from_iterable(texts)
        return max(map(itemgetter(2), pieces), default=0)

    def _width(self, event_width: int) -> int:
        return self.date_width + len(GAP) + event_width + len(GAP) + self.amount_width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        narrowest = self._width(len("Event"))
        return Measurement(narrowest, self.plain_width())

    def plain_width(self) -> int:
        """The widest the timeline can use: what Rich's measure gives as its maximum."""
        return max(self._width(len("Event")), self._width(self.event_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment
        from rich.style import Style

        styles: dict[str, Style | None] = {"": None}
        for line in self.lines(options.max_width):
            for value, name, _ in line:
                style = styles.get(name)
                if style is None and name not in styles:
                    style = styles[name] = Style.parse(name)
                yield Segment(value, style)
            yield Segment.line()

    def plain_lines(self, max_width: int) -> Iterator[str]:
        """The lines as text, for output without colour (no Rich needed to write them)."""
        for line in self.lines(max_width):
            yield "".join(map(_TEXT, line))

    def lines(self, max_width: int) -> Iterator[list[Piece]]:
        """The timeline laid out within `max_width` cells, each line as its pieces."""
        event_width = max(len("Event"), min(self.event_width, max_width - self._width(0)))
        narrowed = event_width < self.event_width
        return self._lines(event_width, narrowed and event_width < self._widest_word())

    def _lines(self, event_width: int, stacked: bool) -> Iterator[list[Piece]]:
        width = self._width(event_width)
        yield self._line(
            _piece("Date", HEADING),
            [_piece("Event", HEADING)],
            _piece("Amount", HEADING),
            event_width,
        )
        yield [_piece("─" * width)]
        year = None
        blank = _piece("")
        for row_year, shown_date, title, meta, amount, found in self.rows:
            if self.by_year and row_year != year:
                if year is not None:
                    yield [_piece(" " * width)]
                year = row_year
                yield self._line(_piece(str(year), "bold underline"), [], blank, event_width)
            if stacked:
                yield self._line(_piece(shown_date), [], _piece(amount), event_width)
                room = width - len(INDENT)
                for line in _wrap(title, room) + _wrap(meta, room) + _wrap(found, room):
                    yield [_piece(INDENT), *line, _piece(" " * (room - _length(line)))]
                continue
            lines = _wrap(title, event_width) + _wrap(meta, event_width)
            lines += _wrap(found, event_width) if found else []
            yield self._line(_piece(shown_date), lines[0], _piece(amount), event_width)
            for line in lines[1:]:
                yield self._line(blank, line, blank, event_width)

    def _line(
        self, date_cell: Piece, event_cell: list[Piece], amount: Piece, event_width: int
    ) -> list[Piece]:
        padding = event_width - _length(event_cell) + len(GAP) + self.amount_width - amount[2]
        return [
            date_cell,
            _piece(" " * (self.date_width - date_cell[2]) + GAP),
            *event_cell,
            _piece(" " * padding),
            amount,
        ]


def _words(value: str, style: str) -> list[Piece]:
    """The words of `value` as pieces, a space piece between each two."""
    words = value.split(" ")
    pieces: list[Piece] = [_SPACE] * (2 * len(words) - 1)
    if value.isascii():  # one cell per character, as in `_piece`
        pieces[::2] = [(word, style, len(word)) for word in words]
    else:
        pieces[::2] = [_piece(word, style) for word in words]
    return pieces


_SPACE = _piece(" ")
_BREAK = _piece("  ")


def _meta(store: Store, event: Event, colours: dict[str, str] | None) -> list[Piece]:
    """The line under a title: kind, companies (tags in their `colours`' styles), marks, id."""
    pieces: list[Piece] = [_piece(event.kind, MUTED), _BREAK]
    last = len(event.companies) - 1
    for index, company_id in enumerate(event.companies):
        if index:
            pieces.append(_SPACE)
        name = store.companies[company_id].name
        if colours:
            pieces.append(_tag(name, colours[company_id]))
        else:
            pieces += _company_words(name, index < last)
    if event.reported:
        pieces += [_BREAK, _piece("reported", "yellow")]
    for shown in aspect_marks(event):
        pieces += [_BREAK, _piece(shown, doubt_style(event))]
    sourcing = event_audit(store, event)
    pieces += [_BREAK, _piece(mark(sourcing), GRADE_STYLES[sourcing.best])]
    pieces += [_BREAK, _piece(visible(event.id), MUTED)]
    return pieces


@lru_cache(maxsize=4096)
def _tag(name: str, style: str) -> Piece:
    """A company's name as a coloured tag; the same few names recur on every event."""
    return _piece(f" {one_line(name)} ", style)


@lru_cache(maxsize=4096)
def _company_words(name: str, comma: bool) -> tuple[Piece, ...]:
    """A company's name as words, with the comma that follows all but the last."""
    return tuple(_words(one_line(name) + ("," if comma else ""), ""))


SNIPPET = 60
"""At most this many characters of a field a search matched, around the match."""


def _found(hit: Match) -> list[Piece]:
    """`matched in quote: "…Stargate site in…"` (the title is shown: its field alone)."""
    label = [_piece("matched", MUTED), _SPACE, _piece("in", MUTED), _SPACE]
    label += _words(hit.field + ("" if hit.field == "title" else ":"), MUTED)
    if hit.field == "title":
        return label
    return [*label, _SPACE, *_words(f"“{snippet(one_line(hit.text), hit.needle)}”", "italic")]


def snippet(value: str, needle: str) -> str:
    """`value` cut to about SNIPPET characters around the first `needle` (any case), with
    `…` where it was cut."""
    if len(value) <= SNIPPET:
        return value
    from dealtimeline.core.search import search_key

    at = max(search_key(value).find(search_key(needle)), 0)
    start = max(0, min(at - (SNIPPET - len(needle)) // 2, len(value) - SNIPPET))
    end = start + max(SNIPPET, len(needle))
    # Whole words only: from the first word that starts inside, to the last that ends.
    if start and (space := value.find(" ", start, at)) != -1:
        start = space + 1
    if end < len(value) and (space := value.rfind(" ", at + len(needle), end)) != -1:
        end = space
    return ("…" if start else "") + value[start:end].strip() + ("…" if end < len(value) else "")


def _length(pieces: Sequence[Piece]) -> int:
    return sum(map(_WIDTH, pieces))


def _fits_whole(pieces: list[Piece], width: int) -> bool:
    """Whether `_wrap` would keep the pieces as they are, on one line: they fit, and no
    white space leads, trails or follows white space (which `_wrap` would drop)."""
    if sum(map(_WIDTH, pieces)) > width:
        return False
    after_space = True
    for value, _, _ in pieces:
        space = value.isspace()
        if space and after_space:
            return False
        after_space = space
    return not after_space


def _wrap(pieces: list[Piece], width: int) -> list[list[Piece]]:
    """Pieces filled into lines of at most `width` cells, breaking only at white space
    (which is dropped at the break); a piece wider than a line is folded over lines."""
    if _fits_whole(pieces, width):
        return [list(pieces)]
    lines: list[list[Piece]] = [[]]
    used = 0
    space: Piece | None = None
    for piece in pieces:
        value, style, size = piece
        if value.isspace():
            space = piece if lines[-1] else None
            continue
        gap = space[2] if space else 0
        if lines[-1] and used + gap + size <= width:
            if space:
                lines[-1].append(space)
            lines[-1].append(piece)
            used += gap + size
        else:
            if lines[-1]:
                lines.append([])
            folds = _folds(value, size, width) if size > width else [(value, size)]
            for part, part_size in folds[:-1]:
                lines[-1].append((part, style, part_size))
                lines.append([])
            value, size = folds[-1]
            lines[-1].append((value, style, size))
            used = size
        space = None
    return lines


def _folds(value: str, size: int, width: int) -> list[tuple[str, int]]:
    """`value` (`size` cells wide) cut into parts of at most `width` cells (at least one
    character each), with their widths: one pass over the characters, never over the
    rest of the value again for each part, so that folding is linear in its length."""
    if value.isascii():  # one cell per character: plain slices
        step = max(width, 1)
        return [(value[i : i + step], len(value[i : i + step])) for i in range(0, size, step)]
    parts: list[tuple[str, int]] = []
    start = total = 0
    for index, character in enumerate(value):
        cells = cell_len(character)
        if total + cells > width and index > start:
            parts.append((value[start:index], total))
            start, total = index, 0
        total += cells
    parts.append((value[start:], total))
    return parts


def legend(events: Sequence[Event]) -> Runs:
    """What the marks under the events mean, under a count of them."""
    result = Runs(plural(len(events), "event"), HEADING)
    result.append("   reported", style="yellow")
    result.append(": anonymous sources (~ amount)   ")
    result.append("date? amount? happened?", style="bold red")
    result.append(": a source disputes it\n")
    for grade in ("primary", "press", "copy"):
        result.append(" " if grade != "primary" else "")
        result.append(f"{GRADE_MARKS[grade]} {grade}", style=GRADE_STYLES[grade])
    result.append(": the best source, then the number of publishers")
    return result
