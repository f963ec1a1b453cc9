"""The chart: each term as a bar of its successive values, each company's events as marks,
years along the top and today marked, drawn in text so it reads without colour too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text

from dealtimeline.core.model import Event
from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.state import Segment
from dealtimeline.render.style import COLOURS, MUTED, doubt_style
from dealtimeline.serialize.doubt import aspect_marks

MIN_PLOT = 20
MAX_LABEL = 36
MIN_LABEL = 12
START_MARK = "┣"
FILL = "━"


@dataclass(frozen=True, repr=False)
class Row:
    label: str
    segments: Sequence[Segment] = ()
    events: Sequence[Event] = ()


class Scale:
    """Days to columns over the plot's width."""

    def __init__(self, start: date, end: date, columns: int) -> None:
        self.start = start
        self.days = max((end - start).days, 1)
        self.columns = columns

    def x(self, day: date) -> int:
        offset = min(max((day - self.start).days, 0), self.days)
        return round(offset * (self.columns - 1) / self.days)


def chart(
    terms: Sequence[Row],
    companies: Sequence[Row],
    start: date,
    end: date,
    today: date,
    width: int,
) -> list[Text]:
    if not terms and not companies:  # no axis with nothing on it
        return [Text("Nothing to chart: no term was ever set and no event matches.", style=MUTED)]
    labels = [r.label for r in (*terms, *companies)]
    longest = max((len(one_line(label)) for label in labels), default=MIN_LABEL)
    label_width = max(MIN_LABEL, min(longest, MAX_LABEL, width // 4))
    plot = max(MIN_PLOT, width - label_width - 1)
    scale = Scale(start, end, plot)
    pad = " " * (label_width + 1)
    lines = [Text(pad) + years(scale, start, end), Text(pad) + ruler(scale, start, end, today)]
    if terms:
        lines.append(Text("Terms", style="bold underline"))
        lines += [label_cell(r.label, label_width) + _bar(r.segments, scale, today) for r in terms]
    if companies:
        lines.append(Text("Events", style="bold underline"))
        lines += [label_cell(r.label, label_width) + _marks(r.events, scale) for r in companies]
        lines += _disputed(companies)
    lines.append(
        Text(f"{START_MARK} new value (… cut; full values: dealtimeline state)", style=MUTED)
    )
    lines.append(Text("● event ○ reported ! in doubt ? date? 2-9 events ▼ today", style=MUTED))
    return lines


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


def label_cell(label: str, width: int) -> Text:
    shown = one_line(label)
    if len(shown) > width:
        shown = shown[: width - 1] + "…"
    return Text(shown.ljust(width + 1), style="bold")


def years(scale: Scale, start: date, end: date) -> Text:
    cells = [" "] * scale.columns
    free_from = 0
    for year in range(start.year, end.year + 1):
        column = scale.x(max(date(year, 1, 1), start))
        label = str(year)
        if column < free_from or column + len(label) > scale.columns:
            continue
        cells[column : column + len(label)] = label
        free_from = column + len(label) + 1
    return Text("".join(cells).rstrip())


def ruler(scale: Scale, start: date, end: date, today: date) -> Text:
    """A tick at each new year, and `today` (or the day the view is as of) marked ▼."""
    cells = ["─"] * scale.columns
    for year in range(start.year, end.year + 1):
        if date(year, 1, 1) >= start:
            cells[scale.x(date(year, 1, 1))] = "┬"
    ruler = Text("".join(cells), style=MUTED)
    if start <= today <= end:
        column = scale.x(today)
        ruler = ruler[:column] + Text("▼", style="bold yellow") + ruler[column + 1 :]
    return ruler


def _bar(segments: Sequence[Segment], scale: Scale, today: date) -> Text:
    bar = Text()
    filled = 0
    colour = 0
    for segment in segments:
        first, last = scale.x(segment.start), scale.x(segment.end)
        if last < filled:
            continue
        first = max(first, filled)
        if first > filled:
            bar.append(" " * (first - filled))
        length = last - first + 1
        filled = last + 1
        if segment.value is None:
            bar.append(" " * length)
            continue
        style = COLOURS[colour % len(COLOURS)]
        colour += 1
        if segment.start > today:
            style += " dim"
        bar.append(_segment_text(one_line(segment.value), length), style=style)
    return bar


def _segment_text(value: str, length: int) -> str:
    """The start mark, the value (cut with … when too long) and the fill, `length` wide."""
    if length == 1:
        return START_MARK
    room = length - 1
    label = value if len(value) <= room else value[: max(room - 1, 0)] + "…"
    label = label[:room]
    return START_MARK + label + FILL * (room - len(label))


def _marks(events: Sequence[Event], scale: Scale) -> Text:
    counts: dict[int, list[Event]] = {}
    for event in events:
        counts.setdefault(scale.x(event.date.start), []).append(event)
    row = Text()
    for column in range(scale.columns):
        here = counts.get(column, [])
        if not here:
            row.append(" ")
        elif len(here) > 1:
            row.append(str(len(here)) if len(here) < 10 else "+", style="bold")
        elif here[0].in_doubt:
            row.append("!", style="bold red")
        elif here[0].disputed:
            row.append("?", style="yellow")
        elif here[0].reported:
            row.append("○", style="yellow")
        else:
            row.append("●", style="bold")
    row.rstrip()
    return row
