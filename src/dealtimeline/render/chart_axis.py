"""The time axis the charts share: the pieces core/chart_span.py decides, laid over the
plot's columns, as a row of year labels and a ruler whose quiet stretches are dashed."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from dealtimeline.core.chart_span import Axis, AxisPiece
from dealtimeline.render.style import MUTED

TICK = "┬"
BUSY = "─"
QUIET = "┄"
TODAY = "▼"


class Scale:
    """Days to columns: each piece of the axis gets columns by its weight (at least one),
    and its days spread evenly over them."""

    def __init__(self, axis: Axis, columns: int) -> None:
        self.axis = axis
        self.columns = columns
        self.widths = _allot([piece.weight for piece in axis.pieces], columns)
        self.firsts = [sum(self.widths[:index]) for index in range(len(self.widths))]

    def x(self, day: date) -> int:
        day = min(max(day, self.axis.start), self.axis.end)
        for piece, first, width in zip(self.axis.pieces, self.firsts, self.widths, strict=True):
            if day <= piece.end:
                offset = (day - piece.start).days
                return first + min(offset * width // piece.days, width - 1)
        return self.columns - 1


def _allot(weights: list[float], columns: int) -> list[int]:
    """`columns` shared by `weights`, largest remainders first, at least one each."""
    total = sum(weights) or 1.0
    shares = [w / total * columns for w in weights]
    widths = [max(int(share), 1) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (widths[i] - shares[i], i))
    for index in by_remainder[: max(columns - sum(widths), 0)]:
        widths[index] += 1
    while sum(widths) > columns and max(widths) > 1:
        widths[widths.index(max(widths))] -= 1
    return widths


def _labels(piece: AxisPiece) -> list[str]:
    """A piece's year labels, the longest first."""
    first, last = piece.start.year, piece.end.year
    if first == last:
        return [str(first), f"'{first % 100:02d}"]
    return [f"{first}-{last % 100:02d}", f"'{first % 100:02d}-{last % 100:02d}"]


def years(scale: Scale) -> Text:
    """Each piece's year (or years) over its first column, when there is room before the
    next piece's; the last piece may run to the end of the plot."""
    cells = [" "] * scale.columns
    free_from = 0
    bounds = [*scale.firsts[1:], scale.columns + 1]
    for piece, column, bound in zip(scale.axis.pieces, scale.firsts, bounds, strict=True):
        for label in _labels(piece):
            if column >= free_from and column + len(label) < min(bound, scale.columns + 1):
                cells[column : column + len(label)] = label
                free_from = column + len(label) + 1
                break
    return Text("".join(cells).rstrip())


def ruler(scale: Scale, today: date) -> Text:
    """A tick where each piece begins, quiet pieces dashed, and `today` (or the day the
    view is as of) marked ▼."""
    ruler = Text(style=MUTED)
    for piece, width in zip(scale.axis.pieces, scale.widths, strict=True):
        ruler.append(TICK + (QUIET if piece.quiet else BUSY) * (width - 1))
    if scale.axis.start <= today <= scale.axis.end:
        column = scale.x(today)
        ruler = ruler[:column] + Text(TODAY, style="bold yellow") + ruler[column + 1 :]
    return ruler


def quiet_note(axis: Axis) -> Text | None:
    """`┄ quiet, drawn narrower: 2019-2023, 2027`, or None when no year is quiet."""
    runs = [
        str(p.start.year) if p.start.year == p.end.year else f"{p.start.year}-{p.end.year}"
        for p in axis.pieces
        if p.quiet
    ]
    if not runs:
        return None
    return Text(f"{QUIET} quiet, drawn narrower: {', '.join(runs)}", style=MUTED)
