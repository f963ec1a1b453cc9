"""The installed program in a real terminal: tmux, at 80, 200 and 40 columns, in colour.

Each view runs once per width in a detached tmux session of a private tmux server, with
TERM=xterm-256color and no COLUMNS, so the program finds its width and its colour the way
it does for a user. The pane is read back (`capture-pane -J`, wrapped lines joined) after
the program has ended: a line wider than the pane shows as a line longer than the width.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.cells import cell_len

from dealtimeline.core.model import Event
from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.values import event_amount
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store
from tests.helpers import TODAY, run

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(
    TMUX is None, reason="tmux is not installed: these tests run the program in a real terminal"
)

VIEWS = {
    "list": ["list"],
    "show": ["show", "--company", "oracle"],
    "diff": ["diff", "2024", "2025"],
    "chart": ["chart"],
}
TIMELINE_VIEWS = ["list", "show", "diff"]
WIDE = [80, 200]
NARROW = 40
ROWS = 50
TIMEOUT = 20.0
DONE = "__DONE__"
STATUS = "__STATUS__="
SGR = re.compile(r"\x1b\[[0-9;:]*m")
# Any escape sequence: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), or ESC and one byte.
ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)", re.S)
GARBAGE = re.compile(r"\[[0-9;]*m")
HEADER = re.compile(r"^Date +Event +Amount *$")
DATE_CELL = re.compile(r"^(?:\d{4}(?:-\d{2}-\d{2})?|[A-Z][a-z]{2} \d{4}|Q[1-4] \d{4})$")
LEGEND = re.compile(r"^\d+ events?\b")


def _program() -> list[str]:
    script = Path(sys.executable).with_name("dealtimeline")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "dealtimeline"]


@dataclass(frozen=True)
class Pane:
    """One view's output as the pane shows it, read back after the program ended."""

    width: int
    status: int
    text: str
    coloured: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


class Tmux:
    """A private tmux server (its own socket, no configuration file)."""

    def __init__(self, cache: Path) -> None:
        assert TMUX is not None
        self.command = [TMUX, "-L", f"dealtimeline-test-{uuid.uuid4().hex[:12]}", "-f", "/dev/null"]
        drop = {"COLUMNS", "LINES", "NO_COLOR", "TMUX", "TMUX_PANE", "DEALTIMELINE_STORE"}
        self.env = {k: v for k, v in os.environ.items() if k not in drop}
        self.env.update(TERM="xterm-256color", XDG_CACHE_HOME=str(cache))

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            [*self.command, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout

    def start(self, name: str, width: int, args: list[str], first: bool) -> None:
        unset = ["-u", "COLUMNS", "-u", "LINES", "-u", "NO_COLOR", "-u", "DEALTIMELINE_STORE"]
        # The views as they are laid out, not a pager's first screen (tests/test_pager.py).
        settings = ["TERM=xterm-256color", f"DEALTIMELINE_TODAY={TODAY}", "DEALTIMELINE_PAGER=cat"]
        program = shlex.join(["env", *unset, *settings, *_program(), *args])
        shell = f'{program}; echo "{STATUS}$?"; echo {DONE}; sleep 60'
        session = ["new-session", "-d", "-s", name, "-x", str(width), "-y", str(ROWS), shell]
        if first:
            self("start-server", ";", "set-option", "-g", "history-limit", "100000", ";", *session)
        else:
            self(*session)

    def stop(self) -> None:
        """End the server and remove its socket, which tmux leaves behind."""
        socket = subprocess.run(
            [*self.command, "display-message", "-p", "#{socket_path}"],
            env=self.env,
            capture_output=True,
            text=True,
        ).stdout.strip()
        subprocess.run([*self.command, "kill-server"], env=self.env, capture_output=True)
        if socket:
            Path(socket).unlink(missing_ok=True)

    def capture(self, name: str, escapes: bool = False) -> str:
        flags = ["-p", "-J", "-S", "-", "-E", "-", "-t", name]
        return self("capture-pane", *(["-e"] if escapes else []), *flags)


def _output(capture: str) -> tuple[str, int]:
    """The program's lines (before the status line) and its exit status."""
    lines = capture.split("\n")
    at = next(i for i, line in enumerate(lines) if SGR.sub("", line).startswith(STATUS))
    status = int(SGR.sub("", lines[at]).removeprefix(STATUS).strip())
    return "\n".join(lines[:at]), status


@pytest.fixture(scope="module")
def panes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, int], Pane]]:
    tmux = Tmux(tmp_path_factory.mktemp("tmux-cache"))
    sessions = {f"{view}-{width}": (view, width) for view in VIEWS for width in (*WIDE, NARROW)}
    try:
        for index, (name, (view, width)) in enumerate(sessions.items()):
            tmux.start(name, width, VIEWS[view], first=index == 0)
        waiting = set(sessions)
        deadline = time.monotonic() + TIMEOUT
        while waiting:
            waiting = {n for n in waiting if f"\n{DONE}\n" not in "\n" + tmux.capture(n)}
            if waiting and time.monotonic() > deadline:
                raise AssertionError(f"no end marker after {TIMEOUT}s in {sorted(waiting)}")
            if waiting:
                time.sleep(0.05)
        result = {}
        for name, (view, width) in sessions.items():
            text, status = _output(tmux.capture(name))
            coloured, _ = _output(tmux.capture(name, escapes=True))
            result[view, width] = Pane(width, status, text, coloured)
        yield result
    finally:
        tmux.stop()


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Event]]:
    """The events each timeline view shows, as its JSON form lists them."""
    import json

    store = load_store(bundled_store())
    cache = str(tmp_path_factory.mktemp("json-cache"))
    shown = {}
    for view in TIMELINE_VIEWS:
        result = run(
            "--store",
            str(bundled_store()),
            *VIEWS[view],
            "-f",
            "json",
            env={"XDG_CACHE_HOME": cache},
        )
        assert result.code == 0, result.stderr
        ids = [event["id"] for event in json.loads(result.stdout)["events"]]
        by_id = {event.id: event for event in store.events}
        shown[view] = [by_id[i] for i in ids]
        assert shown[view], view
    return shown


def _whole(word: str, text: str) -> bool:
    return re.search(rf"(?<!\S){re.escape(word)}(?!\S)", text) is not None


def _timeline(pane: Pane) -> tuple[int, list[str]]:
    """The width of the date column and the timeline's lines after its rule."""
    lines = pane.lines
    at = next((i for i, line in enumerate(lines) if HEADER.match(line)), None)
    assert at is not None, "no timeline header (Date ... Event ... Amount)\n" + pane.text
    body = []
    for line in lines[at + 2 :]:
        if LEGEND.match(line):
            break
        body.append(line)
    return lines[at].index("Event") - 3, body


@pytest.mark.parametrize("width", [*WIDE, NARROW])
@pytest.mark.parametrize("view", VIEWS)
def test_every_line_fits_the_pane_and_the_program_ends_well(
    panes: dict[tuple[str, int], Pane], view: str, width: int
) -> None:
    pane = panes[view, width]
    assert pane.status == 0, pane.text
    assert "Traceback" not in pane.text
    assert pane.text.strip()
    too_wide = [line for line in pane.lines if cell_len(line) > width]
    assert not too_wide, f"lines wider than {width} cells:\n" + "\n".join(too_wide)


@pytest.mark.parametrize("width", WIDE)
@pytest.mark.parametrize("view", TIMELINE_VIEWS)
def test_the_timeline_keeps_its_columns(
    panes: dict[tuple[str, int], Pane], view: str, width: int
) -> None:
    pane = panes[view, width]
    lines = pane.lines
    header = next(i for i, line in enumerate(lines) if HEADER.match(line))
    rule = lines[header + 1].rstrip()
    assert rule and set(rule) == {"─"}
    assert cell_len(rule) <= width
    date_width, body = _timeline(pane)
    for line in body:
        date_cell, gap = line[:date_width], line[date_width : date_width + 3]
        assert not date_cell.strip() or DATE_CELL.match(date_cell.strip()), (
            f"not a date where a date should be: {line!r}"
        )
        assert not gap.strip(), f"text in the gap after the date column: {line!r}"


@pytest.mark.parametrize("width", WIDE)
@pytest.mark.parametrize("view", TIMELINE_VIEWS)
def test_no_title_is_cut_and_every_id_is_whole(
    panes: dict[tuple[str, int], Pane],
    events: dict[str, list[Event]],
    view: str,
    width: int,
) -> None:
    pane = panes[view, width]
    for event in events[view]:
        assert any(_whole(event.id, line) for line in pane.lines), f"{event.id} cut or missing"
        amount = visible(event_amount(event))
        end_of_line = rf"(?: +{re.escape(amount)})?" if amount else ""
        between = rf"(?: +| *{end_of_line} *\n +)"
        words = one_line(event.title).split(" ")
        pattern = r"(?<!\S)" + between.join(re.escape(w) for w in words) + r"(?!\S)"
        assert re.search(pattern, pane.text), f"title cut or missing: {event.title!r}"


@pytest.mark.parametrize("width", [*WIDE, NARROW])
@pytest.mark.parametrize("view", VIEWS)
def test_only_colour_escape_sequences(
    panes: dict[tuple[str, int], Pane], view: str, width: int
) -> None:
    pane = panes[view, width]
    sequences = ESCAPE.findall(pane.coloured)
    assert any(re.search(r"\x1b\[[0-9;]*(?:3[0-7]|38;[25];[0-9;]+)m", s) for s in sequences)
    assert all(SGR.fullmatch(s) for s in sequences), {s for s in sequences if not SGR.fullmatch(s)}
    plain = SGR.sub("", pane.coloured)
    assert [line.rstrip() for line in plain.split("\n")] == [line.rstrip() for line in pane.lines]
    assert "\x1b" not in pane.text
    assert "\x07" not in pane.text
    assert not GARBAGE.search(pane.text), GARBAGE.findall(pane.text)


@pytest.mark.parametrize("view", TIMELINE_VIEWS)
def test_at_40_columns_every_id_is_still_whole(
    panes: dict[tuple[str, int], Pane], events: dict[str, list[Event]], view: str
) -> None:
    pane = panes[view, NARROW]
    cut = [e.id for e in events[view] if not any(_whole(e.id, line) for line in pane.lines)]
    assert not cut, f"ids cut at {NARROW} columns: {cut}\n{pane.text}"


def test_the_list_uses_a_wide_terminal_and_wraps_in_a_narrow_one(
    panes: dict[tuple[str, int], Pane],
) -> None:
    assert max(cell_len(line.rstrip()) for line in panes["list", 200].lines) > 80
    assert max(cell_len(line.rstrip()) for line in panes["list", 80].lines) <= 80
