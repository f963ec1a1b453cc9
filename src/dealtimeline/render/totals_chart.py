"""The chart of totals: each line's cumulative figure over time, as a row of blocks that
rise with it, one section per measure (each on its own scale), years along the top and
the day it is as of marked, drawn in text so it reads without colour too."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from itertools import groupby

from rich.text import Text

from dealtimeline.core.chart_span import Axis
from dealtimeline.core.model import Store
from dealtimeline.core.palette import company_colours, counterparty
from dealtimeline.core.sanitize import one_line
from dealtimeline.core.totals import CAPACITY, Series
from dealtimeline.core.values import quantity
from dealtimeline.render.chart import MAX_LABEL, MIN_LABEL, MIN_PLOT
from dealtimeline.render.chart_axis import Scale, quiet_note, ruler, years
from dealtimeline.render.money import between, deal_name
from dealtimeline.render.style import MUTED

LEVELS = "▁▂▃▄▅▆▇█"
REPORTED = "  ~ reported"


def totals_chart(
    store: Store,
    lines: Sequence[Series],
    axis: Axis,
    as_of: date,
    width: int,
) -> list[Text]:
    """Money committed and capacity, per line, over `axis` (the time axis of `chart`), each
    line in the colour of its company (other than the store's first)."""
    if not lines:
        return [Text("Nothing to chart: no commitment or capacity by then.", style=MUTED)]
    colours = {c: colour.name for c, colour in company_colours(store).items()}
    labels = [_label(store, s) for s in lines]
    longest = max(len(label) for label in [*labels, REPORTED])
    label_width = max(MIN_LABEL, min(longest, MAX_LABEL, width // 4))
    value_width = max(len(_shown(s, s.last.official)) for s in lines) + 2
    plot = max(MIN_PLOT, width - label_width - 1 - value_width)
    scale = Scale(axis, plot)
    pad = " " * (label_width + 1)
    rows = [Text(pad) + years(scale), Text(pad) + ruler(scale, as_of)]
    for (measure, unit), grouped in groupby(lines, key=lambda s: (s.measure, s.unit)):
        section = list(grouped)
        rows.append(Text(f"{measure} ({unit})", style="bold underline"))
        top = max(max(step.official, step.reported) for s in section for step in s.steps)
        for line in section:
            style = colours.get(counterparty(store, line.companies) or "", "yellow")
            label = label_cell(_label(store, line), label_width)
            rows.append(label + _row(line, scale, top, False, style))
            if any(step.reported for step in line.steps):
                rows.append(label_cell(REPORTED, label_width) + _row(line, scale, top, True))
    quiet = quiet_note(axis)
    rows += [quiet] if quiet else []
    rows += [
        Text(f"{LEVELS} cumulative figure, each section on its own scale", style=MUTED),
        Text("* a deal's own total, not attributed to its parties", style=MUTED),
        Text(f"~ reported, apart (never added to official) ▼ {as_of.isoformat()}", style=MUTED),
    ]
    return rows


def label_cell(label: str, width: int) -> Text:
    shown = one_line(label)
    if len(shown) > width:
        shown = shown[: width - 1] + "…"
    return Text(shown.ljust(width + 1), style="bold")


def _label(store: Store, line: Series) -> str:
    if line.deal is not None:
        return deal_name(store, line.deal) + " *"
    return between(store, line)


def _shown(line: Series, value: float, reported: bool = False) -> str:
    if not value:
        return ""
    return ("~" if reported else "") + quantity(value, line.unit, line.measure == CAPACITY)


def _row(line: Series, scale: Scale, top: float, reported: bool, style: str = "yellow") -> Text:
    """The figure in each column: that of the last step at or before it, as a block of
    its height against `top`; then the last figure."""
    at = {scale.x(step.day): step.reported if reported else step.official for step in line.steps}
    cells = []
    value = 0.0
    for column in range(scale.columns):
        value = at.get(column, value)
        cells.append(_block(value, top))
    last = line.last.reported if reported else line.last.official
    row = Text("".join(cells), style=style)
    row.append("  " + _shown(line, last, reported), style=style if reported else "bold")
    return row


def _block(value: float, top: float) -> str:
    if value <= 0 or top <= 0:
        return " "
    level = math.ceil(value / top * len(LEVELS)) - 1
    return LEVELS[min(max(level, 0), len(LEVELS) - 1)]
