"""Company colours: one of its own for every company, badges readable by WCAG AA, and the
same colours in the terminal, the SVG and the web page."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from dealtimeline.core.model import Company, Store
from dealtimeline.core.palette import company_colours, contrast, palette
from dealtimeline.render.style import company_styles
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store
from tests.helpers import run

BUNDLED = {
    "openai": ("#005fff", "#ffffff", 5.15),
    "microsoft": ("#d75f00", "#000000", 5.53),
    "oracle": ("#008700", "#ffffff", 4.70),
    "softbank": ("#d700d7", "#000000", 4.87),
    "mgx": ("#d70000", "#ffffff", 5.40),
    "arm": ("#00af87", "#000000", 7.48),
    "nvidia": ("#d7af00", "#000000", 10.02),
    "coreweave": ("#af00ff", "#ffffff", 4.92),
    "amazon": ("#d70087", "#ffffff", 4.95),
    "google": ("#5f8700", "#000000", 4.95),
    "g42": ("#5f87af", "#000000", 5.57),
    "cisco": ("#875f00", "#ffffff", 5.73),
    "crusoe": ("#d78787", "#000000", 7.70),
    "broadcom": ("#afaf87", "#000000", 9.30),
    "amd": ("#87d700", "#000000", 11.75),
    "related-digital": ("#8787ff", "#000000", 6.94),
    "sb-energy": ("#5fd7ff", "#000000", 12.65),
}


def wcag_ratio(first: str, second: str) -> float:
    """The WCAG 2.x contrast ratio, computed here apart from the code under test."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(first), luminance(second)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def many_companies(count: int) -> Store:
    store = load_store(bundled_store())
    companies = {f"c{i}": Company(f"c{i}", f"Company {i}") for i in range(count)}
    return dataclasses.replace(store, companies=companies)


def test_the_contrast_ratio_is_wcag_s() -> None:
    assert contrast("#ffffff", "#000000") == 21.0
    assert contrast("#777777", "#ffffff") == wcag_ratio("#777777", "#ffffff")
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest AA grey on white


def test_each_company_of_the_bundled_store_has_its_colour_and_a_readable_badge() -> None:
    colours = company_colours(load_store(bundled_store()))
    table = {
        company: (colour.hex, colour.text, round(wcag_ratio(colour.hex, colour.text), 2))
        for company, colour in colours.items()
    }
    assert table == BUNDLED
    assert len({colour.hex for colour in colours.values()}) == len(colours) == 17
    assert min(ratio for _, _, ratio in table.values()) >= 4.5


def test_a_store_of_many_companies_gives_each_its_own_colour() -> None:
    for count in (17, 18, 60, 300):
        colours = company_colours(many_companies(count))
        assert len({colour.hex for colour in colours.values()}) == count
        assert len({colour.name for colour in colours.values()}) == count
        assert all(wcag_ratio(c.hex, c.text) >= 4.5 for c in colours.values())
    assert palette(20)[:17] == palette(17)  # a company keeps its colour as the store grows


def test_the_terminal_badges_use_the_colours_and_their_text() -> None:
    store = load_store(bundled_store())
    styles = company_styles(store)
    assert styles["nvidia"] == "bold #000000 on gold3"
    assert styles["openai"] == "bold #ffffff on dodger_blue2"
    assert styles["sb-energy"] == "bold #000000 on #5fd7ff"


def test_the_html_page_uses_the_same_colours(tmp_path: Path) -> None:
    page = tmp_path / "deals.html"
    assert run("export", "--format", "html", "-o", str(page)).code == 0
    tags = set(
        re.findall(r'style="background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})">', page.read_text())
    )
    assert tags == {(hex_colour, text) for hex_colour, text, _ in BUNDLED.values()}
