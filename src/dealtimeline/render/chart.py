"""The chart: each term as a bar of its successive values, each company's events as marks,
years along the top and today marked, drawn in text so it reads without colour too.

A value is written whole on its bar or not at all: when its stretch of bar is too short, the
bar carries a number and the value is written in full under Values. Marks stay a blank
apart, so that counts never run together. Bars and marks take their company's colour."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from rich.text import Text

from dealtimeline.core.chart_span import Axis
from dealtimeline.core.model import Event
from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.state import Segment
from dealtimeline.render.chart_axis import Scale, quiet_note, ruler, years
from dealtimeline.render.style import MUTED, doubt_style
from dealtimeline.serialize.doubt import aspect_marks

MIN_PLOT = 20
MAX_LABEL = 36
MIN_LABEL = 8
START_MARK = "┣"
FILL = "━"


@dataclass(frozen=True, repr=False)
class Row:
    """A term's bar or a company's marks, with the colour (a Rich colour) they are drawn in
    and, for a company, the colour of its badge's text."""

    label: str
    segments: Sequence[Segment] = ()
    events: Sequence[Event] = ()
    colour: str = "default"
    text: str = "default"


@dataclass(frozen=True, repr=False)
class Note:
    """Values too long for their stretch of bar, under the number the bar carries, each
    with the date it first held, as precise as the store gives it (`2021`, `Jun 2024`)."""

    number: int
    values: list[tuple[str, str]] = field(default_factory=list)


def chart(
    terms: Sequence[Row],
    companies: Sequence[Row],
    axis: Axis,
    today: date,
    width: int,
    colour: bool = True,
) -> list[Text]:
    if not terms and not companies:  # no axis with nothing on it
        nothing = "Nothing to chart: no term has a value in this span and no event matches."
        return [Text(nothing, style=MUTED)]
    longest = max((len(one_line(r.label)) + 2 for r in companies), default=MIN_LABEL)
    label_width = max(MIN_LABEL, min(longest, MAX_LABEL, width // 4))
    scale = Scale(axis, max(MIN_PLOT, width - label_width - 1))
    pad = Text(" " * (label_width + 1))
    lines = [pad + years(scale), pad + ruler(scale, today)]
    notes: list[Note] = []
    if terms:
        lines.append(Text("Terms", style="bold underline"))
        for row in terms:
            lines.append(Text(one_line(row.label), style="bold"))
            lines.append(pad + _bar(row, scale, today, notes))
    if companies:
        lines.append(Text("Events", style="bold underline"))
        lines += [_badge(r, label_width) + _marks(r, scale) for r in companies]
        lines += _disputed(companies)
    lines += _values(notes, width)
    quiet = quiet_note(axis)
    lines += [quiet] if quiet else []
    numbered = f"; {START_MARK}1 its value under Values" if notes else ""
    lines.append(Text(f"{START_MARK} a new value{numbered}", style=MUTED))
    if colour:
        lines.append(
            Text("Bars and marks in the company's colour; dim: not yet in force", style=MUTED)
        )
    lines.append(Text("● event ○ reported ! in doubt ? date? 2-99 events ▼ today", style=MUTED))
    return lines


def _badge(row: Row, width: int) -> Text:
    """A company's name on its colour, padded to the label column."""
    name = one_line(row.label)
    if len(name) + 2 > width:
        name = name[: width - 3] + "…"
    badge = Text()
    badge.append(f" {name} ", style=f"bold {row.text} on {row.colour}")
    return badge.append(" " * (width + 1 - len(badge)))


def _disputed(companies: Sequence[Row]) -> list[Text]:
    """Each disputed event charted, once, with the aspects disputed as `list` marks them:
    red only when the event itself is in doubt."""
    events = {e.id: e for row in companies for e in row.events if e.disputed}
    if not events:
        return []
    lines = [Text("Disputed", style="bold underline")]
    for event in sorted(events.values(), key=lambda e: (e.date.start, e.id)):
        line = Text(f"{event.date.display:<10}  {visible(event.id)}")
        for shown in aspect_marks(event):
            line.append(f"  {shown}", style=doubt_style(event))
        lines.append(line)
    return lines


def _values(notes: Sequence[Note], width: int) -> list[Text]:
    """Under Values, each numbered value in full, wrapped under itself."""
    if not notes:
        return []
    digits = len(str(notes[-1].number))
    lines = [Text("Values", style="bold underline")]
    indent = digits + 2 + 12
    for note in notes:
        for index, (day, value) in enumerate(note.values):
            number = str(note.number).rjust(digits) if index == 0 else " " * digits
            wrapped = textwrap.wrap(value, max(width - indent, 20)) or [""]
            lines.append(Text(f"{number}  {day:<10}  {wrapped[0]}"))
            lines += [Text(" " * indent + more) for more in wrapped[1:]]
    return lines


class _Bar:
    """A bar being drawn left to right: what is filled, and the values waiting for a
    number because their stretch is too short to write them."""

    def __init__(self, row: Row, today: date, notes: list[Note]) -> None:
        self.row, self.today, self.notes = row, today, notes
        self.text = Text()
        self.waiting: list[Segment] = []
        self.start = 0

    @property
    def filled(self) -> int:
        return len(self.text)

    def style(self, segment: Segment) -> str:
        return self.row.colour + (" dim" if segment.start > self.today else "")

    def marker(self) -> str:
        return f"{START_MARK}{len(self.notes) + 1}"

    def blank(self, last: int) -> None:
        self.flush()
        self.text.append(" " * max(last + 1 - self.filled, 0))

    def whole(self, segment: Segment, value: str, last: int) -> None:
        room = last + 1 - self.filled
        self.text.append(START_MARK + value + FILL * (room - 1 - len(value)), self.style(segment))

    def wait(self, segment: Segment, first: int) -> None:
        if not self.waiting:
            self.start = max(first, self.filled)
            self.text.append(" " * (self.start - self.filled))
        self.waiting.append(segment)

    def flush(self, last: int | None = None) -> None:
        """The waiting values as one numbered stretch, to column `last` or as far as its
        number needs."""
        if not self.waiting:
            return
        marker = self.marker()
        room = max((last if last is not None else 0) + 1 - self.start, len(marker))
        self.text.append(marker + FILL * (room - len(marker)), self.style(self.waiting[0]))
        values = [(_since(s), one_line(s.value or "")) for s in self.waiting]
        self.notes.append(Note(len(self.notes) + 1, values))
        self.waiting = []


def _since(segment: Segment) -> str:
    """The date a value first held, before the chart's span too, with its precision."""
    if segment.setting is not None:
        return segment.setting.holds_from.display
    return segment.start.isoformat()


def _bar(row: Row, scale: Scale, today: date, notes: list[Note]) -> Text:
    bar = _Bar(row, today, notes)
    waiting_last = 0
    for segment in row.segments:
        first, last = scale.x(segment.start), scale.x(segment.end)
        if segment.value is None:
            bar.blank(last)
            continue
        value = one_line(segment.value)
        need = len(value) + 1
        if bar.waiting:
            after = bar.start + len(bar.marker())
            if after <= first and last + 1 - max(first, after) >= need:
                bar.flush(first - 1)
            elif waiting_last + 1 - bar.start >= len(bar.marker()):
                bar.flush(waiting_last)
        if not bar.waiting and last + 1 - max(first, bar.filled) >= need:
            bar.text.append(" " * (first - bar.filled))
            bar.whole(segment, value, last)
            continue
        bar.wait(segment, first)
        waiting_last = last
    bar.flush(waiting_last)
    return bar.text


def _marks(row: Row, scale: Scale) -> Text:
    """Each event at its column; events closer than a blank to a mark join it, as a count."""
    marks: list[tuple[int, list[Event]]] = []
    for event in sorted(row.events, key=lambda e: scale.x(e.date.start)):
        column = scale.x(event.date.start)
        if marks and column <= marks[-1][0] + len(_glyph(marks[-1][1])):
            marks[-1][1].append(event)
        else:
            marks.append((column, [event]))
    text = Text()
    for column, events in marks:
        text.append(" " * max(column - len(text), 0))
        text.append(_glyph(events), style=_mark_style(events, row.colour))
    return text


def _glyph(events: Sequence[Event]) -> str:
    if len(events) > 1:
        return str(len(events)) if len(events) < 100 else "+"
    event = events[0]
    if event.in_doubt:
        return "!"
    if event.disputed:
        return "?"
    return "○" if event.reported else "●"


def _mark_style(events: Sequence[Event], colour: str) -> str:
    if any(e.in_doubt for e in events):
        return "bold red"
    if len(events) == 1 and (events[0].disputed or events[0].reported):
        return "yellow"
    return f"bold {colour}"
