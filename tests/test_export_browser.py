"""The HTML export of the bundled store in a real headless Chromium: every event and
citation in the live DOM, the company filter, no network, a phone's width, print, and a
screenshot (to $DEALTIMELINE_SCREENSHOT, else the test's tmp folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scripts.screenshot_html import CHROMIUM, chromium_page

from dealtimeline.core.sanitize import visible
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store
from tests.helpers import run

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason=f"no Chromium at {CHROMIUM}: install it with 'apt-get install -y chromium'",
)

VISIBLE_EVENTS = """els => els.filter(e => e.checkVisibility()).map(e => e.id.slice(6))"""
CITATIONS = """els => els.map(e => [
    e.closest('li.event').id.slice(6),
    e.dataset.source,
    e.querySelector('blockquote').textContent,
    e.closest('.disputing') !== null,
    e.querySelector('a') ? e.querySelector('a').href : null,
])"""


def test_the_html_export_in_a_real_browser(tmp_path: Path) -> None:
    store = load_store(bundled_store())
    page_file = tmp_path / "export.html"
    assert run("export", "--format", "html", "-o", str(page_file)).code == 0
    screenshot = Path(os.environ.get("DEALTIMELINE_SCREENSHOT") or tmp_path / "export-html.png")
    requests: list[str] = []
    errors: list[str] = []
    with chromium_page(1000, 1300) as page:
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_file.as_uri())

        assert page.title() == "Deal timeline: 78 events, 2019-07-22 to 2026-06-10"
        every = [e.id for e in store.events]
        assert page.eval_on_selector_all("li.event", VISIBLE_EVENTS) == every
        expected = []
        for event in store.events:
            for disputes in (False, True):
                expected += [
                    [
                        event.id,
                        c.source,
                        visible(c.quote),
                        disputes,
                        store.sources[c.source].url,
                    ]
                    for c in event.citations
                    if bool(c.disputes) == disputes
                ]
        cited = page.eval_on_selector_all("li.source", CITATIONS)
        assert [row[:4] for row in cited] == [row[:4] for row in expected]
        assert [row[4] for row in cited] == [row[4] for row in expected]
        assert page.inner_text("#filter-status") == "78 of 78 events shown"
        page.screenshot(path=str(screenshot))

        page.select_option("#company-filter", "oracle")
        oracle = [e.id for e in store.events if "oracle" in e.companies]
        assert page.eval_on_selector_all("li.event", VISIBLE_EVENTS) == oracle
        assert page.inner_text("#filter-status") == f"{len(oracle)} of 78 events shown"
        years = {e.date.start.year for e in store.events if "oracle" in e.companies}
        shown_years = page.eval_on_selector_all(
            "section.year", "els => els.filter(e => !e.hidden).map(e => +e.dataset.year)"
        )
        assert shown_years == sorted(years)
        page.select_option("#company-filter", "")
        assert page.eval_on_selector_all("li.event", VISIBLE_EVENTS) == every

        page.set_viewport_size({"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") == 360
        page.emulate_media(media="print")
        assert not page.is_visible("#company-filter")

    assert [url for url in requests if url != page_file.as_uri()] == []
    assert errors == []
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
