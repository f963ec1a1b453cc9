"""The SVG pictures travel: no font fetched from the network, each character at its cell
(wide ones too), and the same picture in Chromium and in librsvg (rsvg-convert)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from scripts.pictures import PICTURES
from scripts.screenshot_html import CHROMIUM, chromium_page

from dealtimeline.render.svg import CHAR_WIDTH, self_contained
from tests.helpers import TINY, run
from tests.png import ink_starts, read_rows

DOCS = Path(__file__).resolve().parents[1] / "docs"
RSVG = shutil.which("rsvg-convert")


def svg_of(*args: str, tmp_path: Path, columns: str = "60") -> Path:
    picture = tmp_path / "chart.svg"
    result = run("--store", str(TINY), *args, "--svg", str(picture), env={"COLUMNS": columns})
    assert result.code == 0, result.stderr
    return picture


def assert_self_contained(svg: str) -> None:
    assert "@font-face" not in svg
    assert "@import" not in svg
    assert re.findall(r"url\((?!#)", svg) == []  # only references inside the picture
    assert re.findall(r"https?://", svg) == ["http://", "https://"]  # xmlns, Rich's comment
    assert "<!-- Generated with Rich https://www.textualize.io -->" in svg
    assert 'xml:space="preserve"' in svg
    assert re.findall(r"<text [^>]*textLength", svg) == []  # set on each piece instead
    assert "\n</tspan>" not in svg


def test_every_view_s_svg_and_every_docs_picture_is_self_contained(tmp_path: Path) -> None:
    for args in (["chart"], ["list"], ["diff", "2024", "2025"], ["totals", "--chart"]):
        assert_self_contained(svg_of(*args, tmp_path=tmp_path).read_text())
    assert sorted(p.name for p in DOCS.glob("*.svg")) == sorted(PICTURES)
    for picture in DOCS.glob("*.svg"):
        assert_self_contained(picture.read_text())
    assert "font-family: 'Fira Code', 'DejaVu Sans Mono', Menlo, Consolas" in picture.read_text()


def test_each_piece_of_text_sits_at_its_cell_wide_characters_taking_two() -> None:
    console = Console(file=io.StringIO(), width=40, record=True, color_system="truecolor")
    console.print(Text("日本 ab 🙂x ━━━━━━━━━━"))
    svg = self_contained(console.export_svg(title="t", font_aspect_ratio=0.6))
    (line,) = re.findall(r"<text [^>]*>(<tspan.*?)</text>", svg)
    assert line == (
        '<tspan x="0" textLength="24">日</tspan>'
        '<tspan x="24" textLength="36">本&#160;</tspan>'
        '<tspan x="60" textLength="36">ab&#160;</tspan>'
        '<tspan x="96" textLength="24">🙂</tspan>'
        '<tspan x="120" textLength="24">x&#160;</tspan>'
        '<tspan x="144" textLength="96">━━━━━━━━</tspan>'
        '<tspan x="240" textLength="24">━━</tspan>'
    )
    assert CHAR_WIDTH == 12.0  # a cell: 0.6 of the 20-pixel font, as Fira Code and DejaVu


def year_label_columns(line: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\d{4}", line)]


def label_starts(png: Path, left: float, top: float) -> list[int]:
    """Where ink begins on the picture's first line of text, inside the window's frame."""
    width, pixels = read_rows(png, int(top) + 30)
    starts = ink_starts(pixels, round(top) + 4, round(top) + 22, gap=8)
    return [x for x in starts if left <= x < width - left]


@pytest.mark.skipif(RSVG is None, reason="no rsvg-convert: apt-get install -y librsvg2-bin")
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
def test_the_chart_draws_the_same_in_chromium_and_librsvg(tmp_path: Path) -> None:
    """The years sit over their ticks in both: librsvg once dropped the leading spaces of a
    run of text, and put 2024 at the left edge, 9 columns left of its tick."""
    picture = svg_of("chart", "-c", "oracle", "--since", "2024", tmp_path=tmp_path)
    svg = picture.read_text()
    width, height = (float(v) for v in re.findall(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)[0])
    left, top = (float(v) for v in re.findall(r"translate\(([\d.]+), ([\d.]+)\)", svg)[0])
    years = run(
        "--store", str(TINY), "chart", "-c", "oracle", "--since", "2024", env={"COLUMNS": "60"}
    )
    columns = year_label_columns(years.stdout.splitlines()[0])
    assert columns == [9, 27, 41, 46]
    expected = [left + column * CHAR_WIDTH for column in columns]

    by_librsvg = tmp_path / "librsvg.png"
    subprocess.run([str(RSVG), str(picture), "-o", str(by_librsvg)], check=True)
    by_chromium = tmp_path / "chromium.png"
    with chromium_page(round(width), round(height)) as page:
        page.goto(picture.as_uri())
        page.screenshot(path=str(by_chromium))

    starts = {png.name: label_starts(png, left, top) for png in (by_librsvg, by_chromium)}
    for name, found in starts.items():
        assert len(found) == len(expected), (name, found)
        for at, want in zip(found, expected, strict=True):
            assert want <= at <= want + 3, (name, found, expected)  # a glyph's side bearing
    assert all(abs(a - b) <= 1 for a, b in zip(*starts.values(), strict=True)), starts
