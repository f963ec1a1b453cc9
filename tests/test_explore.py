"""`dealtimeline explore` driven by Textual's Pilot: every key of the help screen, the
filter bar, the marks and the diff, the state, a term's history, the browser and the
clipboard, the mouse, a resize, colour off, a light terminal and a hostile store."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from dealtimeline.core.query import Filters, select
from dealtimeline.explore.app import ExploreApp, light_terminal
from dealtimeline.explore.help import KEYS, HelpScreen
from dealtimeline.store.locate import bundled_store
from tests.explore_helpers import detail_text, drive, explorer, read, screen_lines
from tests.helpers import DATA, TINY, run

TINY_SCREEN = [
    "  2019",
    "  2019-07-22   Microsoft invests $1B in OpenAI                             $1B",
    "               investment   Microsoft   OpenAI   ●1  invest-2019",
    "",
    "  2022",
    "  2022         Oracle said to join in 2022",
    "               partnership   Oracle   OpenAI   disputed  ○1  oracle-claim-2022",
    "",
    "  2024",
    "  Oct 2024     A reported $10B Oracle deal                               ~$10B",
    "               capacity   Oracle   OpenAI   Microsoft   reported  ○1  oracle-…",
    "",
    "  2025",
    "  2025-01-21   Microsoft moves to a right of first refusal",
    "               terms   Microsoft   OpenAI   ★1  rofr-2025",
    "  2025-09-10   OpenAI to buy $300B of Oracle computing from 2027        ~$300B",
    "               capacity   Oracle   OpenAI   reported  ○1  oracle-300b-2025",
    "  Oct 2025     Microsoft gives up its right of first refusal",
    "               terms   Microsoft   OpenAI   ★1  no-rofr-2025",
]
TINY_IDS = [
    "invest-2019",
    "oracle-claim-2022",
    "oracle-deal-2024",
    "rofr-2025",
    "oracle-300b-2025",
    "no-rofr-2025",
]


def _ids(app: ExploreApp) -> list[str]:
    return [event.id for event in app.timeline.events]


def _selected(app: ExploreApp) -> str:
    event = app.timeline.selected
    return "" if event is None else event.id


def test_it_opens_at_the_latest_event_with_the_year_headings() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        assert screen_lines(app) == TINY_SCREEN
        assert _selected(app) == "no-rofr-2025"
        assert str(app.timeline.border_title) == "Timeline · 2025"
        status = app.query_one("#status", Static).render()
        assert str(status) == "6 of 6 events"

    drive(app, script)


def test_the_bundled_store_opens_at_its_end_under_a_year_heading() -> None:
    store = read(bundled_store())
    app, _ = explorer(store)

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        lines = screen_lines(app)
        # The screen starts on a year heading (the last year's, or the one before when
        # the last year's events do not fill the screen), and shows the last year's.
        assert lines[0].strip().isdigit()
        assert f"  {store.events[-1].date.start.year}" in lines
        assert _selected(app) == store.events[-1].id
        assert lines[-1].startswith("               ")  # the last event's second line
        assert lines[-2].startswith(f"  {store.events[-1].date.display}")

    drive(app, script)


def test_arrows_j_k_g_and_G_move_the_cursor() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        seen = []
        for key in ("k", "up", "j", "down", "g", "home", "down", "G", "end", "k"):
            await pilot.press(key)
            seen.append(_selected(app))
        assert seen == [
            "oracle-300b-2025",
            "rofr-2025",
            "oracle-300b-2025",
            "no-rofr-2025",
            "invest-2019",
            "invest-2019",
            "oracle-claim-2022",
            "no-rofr-2025",
            "no-rofr-2025",
            "oracle-300b-2025",
        ]

    drive(app, script)


def test_page_up_and_down_move_by_a_screen_of_events() -> None:
    store = read(bundled_store())
    app, _ = explorer(store)
    last = len(store.events) - 1

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        page = (app.timeline.scrollable_content_region.height - 1) // 2
        await pilot.press("pageup")
        assert app.timeline.cursor == last - page
        await pilot.press("pageup", "pagedown")
        assert app.timeline.cursor == last - page
        await pilot.press("g", "pagedown")
        assert app.timeline.cursor == page
        lines = screen_lines(app)
        assert lines[-2].startswith(f"  {store.events[page].date.display} ")
        assert re.fullmatch(r"  \d{4}", lines[0])

    drive(app, script)


def test_enter_opens_the_event_and_escape_goes_back() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        assert app.has_class("narrow")
        await pilot.press("k", "enter")
        assert app.has_class("detail-open")
        assert app.focused is app.query_one("#detail")
        assert not app.timeline.display
        text = detail_text(app)
        assert "OpenAI to buy $300B of Oracle computing from 2027" in text
        assert (
            "Oracle capacity for OpenAI  about $10B of capacity → 4.5 GW from 2027"
            "  (in effect from 2027)"
        ) in text
        assert "   “purchase $300 billion in computing power”" in text
        assert str(app.query_one("#detail").border_title) == "Event oracle-300b-2025"
        await pilot.press("escape")
        assert not app.has_class("detail-open")
        assert app.focused is app.timeline
        assert app.timeline.display

    drive(app, script)


def test_the_text_filter_narrows_the_timeline_as_you_type() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash")
        assert app.focused is app.query_one("#filter-text", Input)
        await pilot.press("R", "E", "F", "backspace", "backspace", "backspace")
        assert _ids(app) == TINY_IDS
        store = app.store
        typed = ""
        for keys in ("r", "e", "f", "usal"):
            await pilot.press(*keys)
            typed += keys
            expected = [e.id for e in select(store, Filters(search=typed))]
            assert _ids(app) == expected
        assert _ids(app) == ["rofr-2025", "no-rofr-2025"]
        assert str(app.query_one("#status", Static).render()) == "2 of 6 events"
        await pilot.press("enter")
        assert app.focused is not None and app.focused.id == "timeline"
        await pilot.press("x")
        assert _ids(app) == TINY_IDS
        assert app.query_one("#filter-text", Input).value == ""

    drive(app, script)


def test_company_kind_period_and_term_filters_complete_and_narrow() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        await pilot.press("c", "o", "r")
        assert _ids(app) == ["oracle-claim-2022", "oracle-deal-2024", "oracle-300b-2025"]
        await pilot.press("tab")
        assert app.query_one("#filter-company", Input).value == "oracle"
        await pilot.press("escape", "t", "c", "tab")
        assert app.query_one("#filter-kind", Input).value == "capacity"
        assert _ids(app) == ["oracle-deal-2024", "oracle-300b-2025"]
        await pilot.press("escape", "p", "n", "o")
        assert _ids(app) == ["oracle-deal-2024", "oracle-300b-2025"]
        status = str(app.query_one("#status", Static).render())
        assert status == "2 of 6 events · period 'no' not read yet (2024, 2024-06, 2024Q3)"
        await pilot.press("backspace", "backspace", *"2025")
        assert _ids(app) == ["oracle-300b-2025"]
        await pilot.press("escape", "x", "T", "c", "l", "tab")
        assert app.query_one("#filter-term", Input).value == "cloud-exclusivity"
        assert _ids(app) == ["invest-2019", "rofr-2025", "no-rofr-2025"]
        await pilot.press("escape", "x", "c", "z")
        assert _ids(app) == []
        assert str(app.query_one("#status", Static).render()) == ("0 of 6 events · no company 'z'")
        assert detail_text(app) == "No events match these filters.\n"
        assert screen_lines(app)[:2] == ["  No events match these filters.", ""]

    drive(app, script)


def test_two_marks_show_their_diff_and_u_removes_them() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        await pilot.press("d")
        assert app.timeline.marks == []
        await pilot.press("g", "m", "G", "m")
        assert [e.id for e in app.timeline.marks] == ["invest-2019", "no-rofr-2025"]
        assert app.mode == "diff"
        text = detail_text(app)
        assert text.startswith("Diff: A/B marks, 2019-07-22 → Oct 2025\n")
        assert "From 2019-07-22 to the end of Oct 2025" in text
        status = str(app.query_one("#status", Static).render())
        assert status == "6 of 6 events · A: 2019-07-22 · B: Oct 2025"
        lines = screen_lines(app)
        assert lines[1].startswith("A 2019-07-22")
        assert lines[17].startswith("B Oct 2025")
        await pilot.press("escape")
        assert app.mode == "event"
        await pilot.press("d")
        assert app.mode == "diff"
        await pilot.press("u")
        assert app.timeline.marks == []
        assert app.mode == "event"
        await pilot.press("m", "m")
        assert app.timeline.marks == []

    drive(app, script, size=(160, 48))


def test_s_shows_the_state_and_h_each_term_history() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        await pilot.press("k", "s")
        text = detail_text(app)
        assert text.startswith("State at 2025-09-10\n")
        assert "Oracle capacity for OpenAI" in text
        await pilot.press("h")
        assert detail_text(app).startswith("History of oracle-capacity\n")
        assert str(app.query_one("#detail").border_title) == "History of oracle-capacity"
        await pilot.press("escape", "g", "k")
        await pilot.press("j", "h")
        assert detail_text(app).startswith("History of oracle-capacity\n") is False

    drive(app, script, size=(160, 48))


def test_n_chooses_a_source_o_opens_it_and_y_copies_the_citation() -> None:
    app, browser = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        await pilot.press("g", "o")
        assert browser.opened == ["https://example.com/2019"]
        await pilot.press("y")
        assert app.clipboard == (
            "The Paper (2019-07-22), “Microsoft invests in OpenAI”, https://example.com/2019:"
            " “Microsoft will become the exclusive cloud provider”"
        )
        await pilot.press("k")  # the first event already: it stays
        await pilot.press("j", "j", "o")  # a source without an address
        assert browser.opened == ["https://example.com/2019"]
        await pilot.press("n")
        assert detail_text(app).startswith("Source 1 of 1: The Wire")
        await pilot.press("N", "N")
        assert detail_text(app).startswith("Source 1 of 1: The Wire")

    drive(app, script, size=(160, 48))


def test_the_help_screen_lists_every_key() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=120, color_system=None, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        from dealtimeline.explore.help import keys_table

        console.print(keys_table())
        shown = console.export_text()
        for key, what in KEYS:
            assert f"{key}" in shown and what in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        bound = {b.key for b in app.BINDINGS if not isinstance(b, tuple)}
        for key in ("q", "ctrl+c", "question_mark", "enter", "escape", "slash", "c", "t"):
            assert key in bound

    drive(app, script)


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
def test_q_and_ctrl_c_quit_with_status_0(key: str) -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        await pilot.press(key)

    drive(app, script)
    assert app.return_code == 0
    assert not app.is_running


def test_a_click_selects_an_event_and_a_resize_reflows() -> None:
    app, _ = explorer()

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        region = app.timeline.scrollable_content_region
        await pilot.click("#timeline", offset=(5, region.y - app.timeline.region.y + 5))
        assert _selected(app) == "oracle-claim-2022"
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert not app.has_class("narrow")
        assert app.query_one("#detail").display
        assert detail_text(app).startswith("Source 1 of 2: The Wire · Oct 2024")

    drive(app, script)


def test_without_colour_the_companies_are_a_comma_list() -> None:
    app, _ = explorer(colour=False)

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        assert screen_lines(app)[2] == (
            "               investment  Microsoft, OpenAI  ●1  invest-2019"
        )

    drive(app, script)


def test_a_light_terminal_gets_the_light_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    assert light_terminal({"COLORFGBG": "0;15"})
    assert light_terminal({"COLORFGBG": "0;default;7"})
    assert not light_terminal({"COLORFGBG": "15;0"})
    assert not light_terminal({})
    monkeypatch.setenv("COLORFGBG", "0;15")
    app, _ = explorer()
    assert app.theme == "textual-light"


def test_the_hostile_store_shows_its_text_as_text() -> None:
    app, browser = explorer(read(DATA / "hostile.yaml"))

    async def script(app: ExploreApp, pilot: Pilot[int]) -> None:
        lines = "\n".join(screen_lines(app))
        assert "\x1b" not in lines and "\u202e" not in lines
        await pilot.press("g")
        for _ in app.timeline.events:
            await pilot.press("enter", "o", "y", "s", "h", "escape", "escape", "j")
            text = detail_text(app)
            assert "\x1b" not in text and "\u202e" not in text and "\u202d" not in text
        assert "\x1b" not in app.clipboard
        assert all(url.startswith(("http://", "https://")) for url in browser.opened)

    drive(app, script, size=(160, 48))


def test_an_exception_ends_the_app_without_a_traceback(
    capfd: pytest.CaptureFixture[str],
) -> None:
    class Failing(ExploreApp):
        def action_state(self) -> None:
            raise RuntimeError("boom")

    store = read(TINY)
    app = Failing(store, store.events)

    async def press(pilot: Pilot[object]) -> None:
        await pilot.press("s")

    app.run(headless=True, size=(80, 24), auto_pilot=press)
    assert isinstance(app.failure, RuntimeError)
    assert app.return_code == 1
    assert "Traceback" not in capfd.readouterr().err


def test_without_a_terminal_explore_writes_the_timeline_as_list_does() -> None:
    explored = run("--store", str(TINY), "explore", "--company", "oracle")
    listed = run("--store", str(TINY), "list", "--company", "oracle")
    assert explored.code == listed.code == 0
    assert explored.stdout == listed.stdout
    assert explored.stderr == ("explore needs a terminal: here is the timeline as list writes it\n")


def test_list_never_imports_textual() -> None:
    code = (
        "import sys\n"
        "from dealtimeline.cli.app import app\n"
        "app(['--store', sys.argv[1], 'list'], standalone_mode=False)\n"
        "print('textual loaded' if any(m.split('.')[0] == 'textual' for m in sys.modules)"
        " else 'no textual', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(TINY)], capture_output=True, text=True, check=True
    )
    assert done.stderr.splitlines()[-1] == "no textual"


def test_the_command_reports_an_exception_as_one_error_line(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from dealtimeline.cli.exploring import run_explorer

    def fail(self: ExploreApp) -> None:
        raise RuntimeError("boom \x1b[2J")

    async def press(pilot: Pilot[object]) -> None:
        await pilot.press("s")

    running = ExploreApp.run

    def headless(self: ExploreApp) -> int | None:
        return running(self, headless=True, size=(80, 24), auto_pilot=press)

    monkeypatch.setattr(ExploreApp, "action_state", fail)
    monkeypatch.setattr(ExploreApp, "run", headless)
    store = read(TINY)
    assert run_explorer(store, store.events, True) == 1
    err = capfd.readouterr().err
    assert err == "Error: the explorer stopped: RuntimeError: boom \\x1b[2J\n"
