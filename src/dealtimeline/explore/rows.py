"""The explorer's timeline as rows: a year heading, then two lines for each event (date,
title and amount; under it kind, companies, marks and id), laid out one row at a time.

Only the rows on screen are ever laid out, so that a store of 10,000 events opens and
moves as fast as one of 50: building the rows is one pass that stores two integers a row.
The pieces are `list`'s own (render/timeline.py), with its marks, dates and colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size

from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.values import event_amount
from dealtimeline.render.style import company_styles
from dealtimeline.render.timeline import GAP, Piece, _meta, _piece

if TYPE_CHECKING:
    from dealtimeline.core.model import Event, Store

BLANK, YEAR, TITLE, META = range(4)
"""What a row holds: nothing (between years), a year, an event's first or second line."""
GUTTER = 2
"""Cells left of the date: the diff mark of the event (`A`, `B`) or nothing."""
ELLIPSIS = "…"


@dataclass
class Rows:
    """The rows of `events` (in date order): `rows[n]` is (what, year or event index)."""

    store: Store
    events: Sequence[Event]
    colour: bool
    rows: list[tuple[int, int]] = field(init=False)
    first_row: list[int] = field(init=False)
    date_width: int = field(init=False)
    amount_width: int = field(init=False)

    def __post_init__(self) -> None:
        self.rows = []
        self.first_row = []
        year = None
        for index, event in enumerate(self.events):
            if event.date.start.year != year:
                if year is not None:
                    self.rows.append((BLANK, 0))
                year = event.date.start.year
                self.rows.append((YEAR, year))
            self.first_row.append(len(self.rows))
            self.rows += [(TITLE, index), (META, index)]
        self.date_width = max([len("2024-06-11"), *(len(e.date.display) for e in self.events)])
        self.amount_width = len("~$300.5B")
        self._colours = company_styles(self.store) if self.colour else None

    def __len__(self) -> int:
        return len(self.rows)

    def event_at(self, row: int) -> int | None:
        """The index of the event on `row`, or None for a heading or a blank."""
        if not 0 <= row < len(self.rows):
            return None
        what, value = self.rows[row]
        return value if what in (TITLE, META) else None

    def year_above(self, row: int) -> int | None:
        """The year whose heading is at or above `row`: the year the row belongs to."""
        for at in range(min(row, len(self.rows) - 1), -1, -1):
            what, value = self.rows[at]
            if what == YEAR:
                return value
        return None

    def year_row(self, year: int) -> int:
        """The row of `year`'s heading."""
        return self.rows.index((YEAR, year))

    def line(self, row: int, width: int, mark: str = "") -> list[Piece]:
        """Row `row` laid out in exactly `width` cells, the diff `mark` in its gutter."""
        what, value = self.rows[row]
        if what == BLANK:
            return [_piece(" " * width)]
        if what == YEAR:
            return _fit([_piece(" " * GUTTER), _piece(str(value), "bold underline")], width)
        event = self.events[value]
        gutter = _piece(f"{mark:<{GUTTER}}"[:GUTTER], "bold reverse" if mark else "")
        room = max(width - GUTTER - self.date_width - len(GAP), 1)
        if what == META:
            pieces = _meta(self.store, event, self._colours)
            blank = _piece(" " * (self.date_width + len(GAP)))
            return _fit([gutter, blank, *_fit(pieces, room)], width)
        amount = visible(event_amount(event))
        amount_room = max(self.amount_width, cell_len(amount)) if amount else 0
        title_room = max(room - (len(GAP) + amount_room if amount else 0), 1)
        title = _fit([_piece(one_line(event.title), "bold")], title_room)
        shown = event.date.display
        date_cell = _piece(shown + " " * (self.date_width - len(shown)) + GAP)
        pieces = [gutter, date_cell, *title]
        if amount:
            pieces.append(_piece(" " * (len(GAP) + amount_room - cell_len(amount))))
            pieces.append(_piece(amount))
        return _fit(pieces, width)


def _fit(pieces: list[Piece], width: int) -> list[Piece]:
    """The pieces cut or padded to exactly `width` cells; a cut ends with an ellipsis."""
    result: list[Piece] = []
    used = 0
    for value, style, size in pieces:
        if used + size > width:
            room = width - used
            if room > 0:
                cut = set_cell_size(value, room - 1) + ELLIPSIS if room > 1 else ELLIPSIS
                result.append((cut, style, room))
            return result
        result.append((value, style, size))
        used += size
    if used < width:
        result.append(_piece(" " * (width - used)))
    return result
