"""The timeline pane: a virtualised list (a Textual ScrollView drawing only the lines on
screen), with a cursor on one event and up to two diff marks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dealtimeline.explore.rows import BLANK, YEAR, Rows
from dealtimeline.render.style import MUTED

if TYPE_CHECKING:
    from dealtimeline.core.model import Event, Store

MARKS = ("A", "B")


class TimelinePane(ScrollView, can_focus=True):
    """The events grouped by year; the cursor's event is the one the app shows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "first", "Start", show=False),
        Binding("end,G", "last", "End", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--cursor"}
    DEFAULT_CSS = """
    TimelinePane { overflow-x: hidden; }
    TimelinePane > .timeline--cursor { background: $block-cursor-background; }
    TimelinePane:blur > .timeline--cursor { background: $block-cursor-blurred-background; }
    """

    class Moved(Message):
        """The cursor is on another event (None: the timeline is empty)."""

        def __init__(self, event: Event | None) -> None:
            super().__init__()
            self.event = event

    def __init__(self, store: Store, colour: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.colour = colour
        self.rows = Rows(store, (), colour)
        self.cursor = 0
        self.marks: list[Event] = []
        self._styles: dict[str, Style] = {}

    @property
    def events(self) -> Sequence[Event]:
        return self.rows.events

    @property
    def selected(self) -> Event | None:
        return self.events[self.cursor] if self.events else None

    def show(self, events: Sequence[Event], keep: Event | None = None) -> None:
        """Show `events`, the cursor on `keep` when it is among them, else on the last."""
        self.rows = Rows(self.store, events, self.colour)
        self.virtual_size = Size(0, len(self.rows))
        index = len(events) - 1
        if keep is not None:
            index = next((i for i, e in enumerate(events) if e is keep), index)
        self._move_to(max(index, 0), force=True)
        self.refresh()

    def toggle_mark(self) -> list[Event]:
        """Mark the selected event for a diff, or unmark it; a third mark drops the first."""
        event = self.selected
        if event is not None:
            if event in self.marks:
                self.marks.remove(event)
            else:
                self.marks = [*self.marks, event][-len(MARKS) :]
            self.refresh()
        return self.marks

    def clear_marks(self) -> None:
        self.marks = []
        self.refresh()

    def action_move(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        events = max((self.scrollable_content_region.height - 1) // 2, 1)
        self._move_to(self.cursor + direction * events)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.events) - 1)

    def _move_to(self, index: int, force: bool = False) -> None:
        if not self.events:
            self.cursor = 0
            self.post_message(self.Moved(None))
            return
        index = min(max(index, 0), len(self.events) - 1)
        if index == self.cursor and not force:
            return
        old = self.rows.first_row[self.cursor] if self.cursor < len(self.events) else None
        self.cursor = index
        if old is not None:
            self.refresh_lines(old - int(self.scroll_offset.y), 2)
        self._reveal()
        self.refresh_lines(self.rows.first_row[index] - int(self.scroll_offset.y), 2)
        self.post_message(self.Moved(self.events[index]))

    def _reveal(self) -> None:
        """Scroll so that the cursor's two lines are on screen, and its year heading when
        the event is the first of its year."""
        first = self.rows.first_row[self.cursor]
        top = max(first - 1, 0)  # the line above: its year heading, or the sticky one
        self.scroll_to_region(
            Region(0, top, 1, first + 2 - top), animate=False, force=True, immediate=True
        )

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.rows))
        if self.events:
            self._reveal()

    def on_click(self, event: Click) -> None:
        row = int(self.scroll_offset.y) + event.y
        index = self.rows.event_at(row)
        if index is not None:
            self._move_to(index)

    def year(self) -> int | None:
        """The year of the cursor's event."""
        event = self.selected
        return None if event is None else event.date.start.year

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if not self.events and y == 0:
            note = Strip([Segment("  No events match these filters.", self._style(MUTED))])
            return note.crop(0, width).extend_cell_length(width)
        if not 0 <= row < len(self.rows):
            return Strip.blank(width)
        if y == 0 and self.rows.rows[row][0] not in (YEAR, BLANK):
            return self._sticky_heading(row, width)
        index = self.rows.event_at(row)
        mark = ""
        if index is not None and self.events[index] in self.marks:
            mark = MARKS[self.marks.index(self.events[index])]
        segments = [
            Segment(value, self._style(name)) for value, name, _ in self.rows.line(row, width, mark)
        ]
        strip = Strip(segments, width)
        if index is not None and index == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("timeline--cursor"))
        return strip

    def _sticky_heading(self, row: int, width: int) -> Strip:
        """The top line, when the list is scrolled into a year: that year's heading."""
        year = self.rows.year_above(row)
        line = self.rows.line(self.rows.year_row(year), width) if year is not None else []
        return Strip([Segment(value, self._style(name)) for value, name, _ in line], width)

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = Style.parse(name) if name else Style()
        return style
