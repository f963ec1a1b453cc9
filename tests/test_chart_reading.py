"""The chart as an analyst reads it: the years that matter wide, every value and label
whole, counts that cannot run together, and the totals chart on the same axis."""

from __future__ import annotations

import io
import json
import re
from datetime import date

from rich.console import Console

from dealtimeline.core.chart_span import AxisPiece, chart_axis, chart_content
from dealtimeline.core.query import Filters
from dealtimeline.core.totals import series, series_span
from dealtimeline.render.chart_axis import Scale, ruler, years
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store
from dealtimeline.views.chart import ChartView
from tests.helpers import run

BUNDLED = str(bundled_store())


def test_quiet_years_run_together_and_busy_years_get_room_by_their_activity() -> None:
    days = [date(2019, 7, 1), *[date(2024, 3, 1)] * 10, *[date(2025, 5, 5)] * 20]
    axis = chart_axis(date(2019, 1, 1), date(2027, 12, 31), [*days, *[date(2026, 1, 1)] * 3])
    assert axis.pieces == (
        AxisPiece(date(2019, 1, 1), date(2023, 12, 31), 1.5, True),
        AxisPiece(date(2024, 1, 1), date(2024, 12, 31), 1.5, False),
        AxisPiece(date(2025, 1, 1), date(2025, 12, 31), 2.0, False),
        AxisPiece(date(2026, 1, 1), date(2027, 12, 31), 0.75, True),
    )
    scale = Scale(axis, 64)
    assert (scale.firsts, scale.widths) == ([0, 17, 34, 56], [17, 17, 22, 8])
    assert [scale.x(date(y, 1, 1)) for y in (2019, 2024, 2025, 2026)] == [0, 17, 34, 56]
    assert scale.x(date(2025, 12, 31)) == 55


def test_a_span_cut_by_since_counts_the_part_of_the_year_it_shows() -> None:
    axis = chart_axis(date(2024, 7, 1), date(2025, 12, 31), [date(2024, 8, 1), date(2025, 2, 1)])
    assert [(p.start, round(p.weight, 3), p.quiet) for p in axis.pieces] == [
        (date(2024, 7, 1), 1.005, False),
        (date(2025, 1, 1), 2.0, False),
    ]


def chart_lines(width: str) -> list[str]:
    result = run("--store", BUNDLED, "chart", env={"COLUMNS": width})
    assert (result.code, result.stderr) == (0, "")
    return result.stdout.splitlines()


def test_the_bundled_chart_reads_at_80_and_100_columns() -> None:
    data = json.loads(run("--store", BUNDLED, "chart", "-f", "json").stdout)
    values = [s["value"] for t in data["terms"] for s in t["segments"] if s["value"]]
    for width in ("80", "100"):
        lines = chart_lines(width)
        assert max(len(line) for line in lines) <= int(width)
        assert lines[1].startswith(" " * 18 + "┬┄┄┄")  # 2019-2023, quiet, run together
        assert "2019-23" in lines[0]
        text = "\n".join(lines)
        assert "…" not in text  # nothing is cut
        for term in data["terms"]:
            assert term["label"] in lines  # each term's label whole, on a line of its own
        bars = [lines[lines.index(term["label"]) + 1] for term in data["terms"]]
        stretches = [part.rstrip("━ ") for bar in bars for part in bar.split("┣")[1:]]
        on_bars = [part for part in stretches if not part.isdigit()]
        notes = text[text.index("\nValues") :]
        # The date each value first held, as precise as the store gives it.
        day = r"(?:\d{4}-\d\d-\d\d|[A-Z][a-z]{2} \d{4}|\d{4}Q[1-4]|\d{4})"
        listed = re.findall(rf"^ *(?:\d+)? +{day} +(.*)$", notes, re.M)
        assert sorted(on_bars + listed) == sorted(values)  # each value once, whole
        numbers = [int(part) for part in stretches if part.isdigit()]
        assert numbers == list(range(1, len(numbers) + 1))


def test_marks_stay_a_blank_apart_and_their_counts_add_up() -> None:
    data = json.loads(run("--store", BUNDLED, "chart", "-f", "json").stdout)
    events = {c["name"]: len(c["events"]) for c in data["companies"]}
    for width in ("80", "100"):
        lines = chart_lines(width)
        rows = lines[lines.index("Events") + 1 : lines.index("Disputed")]
        for row in rows:
            name, marks = row[1:18].strip(), row[18:]
            assert not re.search(r"\S\S", marks), row
            shown = [int(m) if m.isdigit() else 1 for m in marks.split()]
            assert sum(shown) == events[name], row


def test_the_openai_row_at_100_columns() -> None:
    row = next(line for line in chart_lines("100") if line.startswith(" OpenAI "))
    assert row == (
        " OpenAI             ●    ○       2         3 ●  ○    5  ● ● 3    3   6 6    ●  4  3 ?"
    )


def test_bars_and_marks_take_their_company_s_colour() -> None:
    store = load_store(bundled_store())
    today = date(2026, 11, 23)
    content = chart_content(store, store.events, Filters(), today)
    view = ChartView(
        store,
        content.terms,
        content.companies,
        content.start,
        content.end,
        today,
        100,
        content.axis,
    )
    console = Console(file=io.StringIO(), width=100, color_system="256", force_terminal=True)
    for renderable in view.renderables(True):
        console.print(renderable)
    screen = console.file.getvalue()  # type: ignore[attr-defined]
    # Microsoft's terms in its dark orange (256-colour 166), Oracle's in green4 (28)
    assert "\x1b[38;5;166m┣1━━━━━━━━━━━\x1b[0m" in screen
    assert "\x1b[38;5;28m┣33━━\x1b[0m" in screen
    assert "\x1b[1;38;5;16;48;5;178m NVIDIA \x1b[0m" in screen  # black on gold: 10.02:1
    assert "\x1b[1;38;5;166m●\x1b[0m" in screen  # a Microsoft event
    assert "Bars and marks in the company's colour; dim: not yet in force" in screen


def test_the_totals_chart_draws_the_chart_s_axis() -> None:
    store = load_store(bundled_store())
    at = date(2025, 12, 31)
    lines = series(store, at)
    axis = chart_axis(*series_span(lines, at), [s.day for line in lines for s in line.steps])
    assert [p.quiet for p in axis.pieces] == [True, False]
    result = run("--store", BUNDLED, "totals", "--chart", "--as-of", "2025-12-31")
    shown = result.stdout.splitlines()
    scale = Scale(axis, len(shown[2]) - 19)
    assert shown[1:3] == [" " * 19 + years(scale).plain, " " * 19 + ruler(scale, at).plain]
    assert shown[2] == " " * 19 + "┬" + "┄" * 14 + "┬" + "─" * 56 + "▼"
    assert "┄ quiet, drawn narrower: 2024" in shown
