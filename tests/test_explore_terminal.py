"""`dealtimeline explore` in a real terminal (tmux): start it, type a filter, open an
event, mark a diff and quit, and the terminal is given back as it was (exit status 0, no
alternate screen, no mouse reporting); SIGTERM and an Escape-laden store do the same."""

from __future__ import annotations

import os
import shlex
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import DATA, TODAY
from tests.test_real_terminal import DONE, STATUS, TMUX, Tmux, _output, _program

pytestmark = pytest.mark.skipif(
    TMUX is None, reason="tmux is not installed: these tests run the program in a real terminal"
)
WIDTH, HEIGHT = 100, 30
TIMEOUT = 20.0
# What the pane says after each step of the walk through the app, for the closing note.
PANES: dict[str, str] = {}


@pytest.fixture()
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path / "cache")  # the first new-session starts it
    try:
        yield server
    finally:
        server.stop()


def _start(tmux: Tmux, name: str, pid_file: Path, *args: str) -> None:
    """The explorer in a new session; its pid in `pid_file`, its status printed after it."""
    program = shlex.join(["env", f"DEALTIMELINE_TODAY={TODAY}", *_program(), "explore", *args])
    inner = f"echo $$ > {shlex.quote(str(pid_file))}; exec {program}"
    shell = f'sh -c {shlex.quote(inner)}; echo "{STATUS}$?"; echo {DONE}; sleep 60'
    tmux("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), shell)


def _wait_for(tmux: Tmux, name: str, text: str, gone: str | None = None) -> str:
    """The pane once it shows `text` (and no longer `gone`)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        shown = tmux("capture-pane", "-p", "-t", name)
        if text in shown and (gone is None or gone not in shown):
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} after {TIMEOUT}s:\n{shown}")
        time.sleep(0.05)


def _keys(tmux: Tmux, name: str, *keys: str) -> None:
    tmux("send-keys", "-t", name, *keys)


def _given_back(tmux: Tmux, name: str) -> tuple[int, str]:
    """The exit status, once the program has ended, and the pane's modes then."""
    _wait_for(tmux, name, DONE)
    _, status = _output(tmux.capture(name))
    modes = tmux(
        "display-message", "-p", "-t", name, "#{alternate_on} #{mouse_any_flag} #{cursor_flag}"
    ).strip()
    return status, modes


def test_a_walk_through_the_explorer_gives_the_terminal_back(tmux: Tmux, tmp_path: Path) -> None:
    _start(tmux, "walk", tmp_path / "pid")
    PANES["start"] = _wait_for(tmux, "walk", "Timeline · 2026")
    assert "2026-06-10" in PANES["start"]
    assert tmux("display-message", "-p", "-t", "walk", "#{alternate_on}").strip() == "1"
    _keys(tmux, "walk", "/")
    time.sleep(0.3)  # the focus moves once the key is handled; the keys after go there
    _keys(tmux, "walk", *"oracle")
    PANES["filter"] = _wait_for(tmux, "walk", "of 78 events", gone="78 of 78")
    assert "Abilene" in PANES["filter"]
    assert "Amazon commits" not in PANES["filter"]
    _keys(tmux, "walk", "Enter")
    time.sleep(0.3)
    _keys(tmux, "walk", "Enter")
    PANES["detail"] = _wait_for(tmux, "walk", "Sources (")
    _keys(tmux, "walk", "Escape")
    time.sleep(0.3)
    _keys(tmux, "walk", "m", "k", "k", "m")
    PANES["diff"] = _wait_for(tmux, "walk", "Diff: A/B marks")
    assert "B:" in PANES["diff"]
    _keys(tmux, "walk", "q")
    status, modes = _given_back(tmux, "walk")
    PANES["after"] = tmux("capture-pane", "-p", "-t", "walk")
    for step, pane in PANES.items():  # shown with pytest -s
        print(f"--- {step}\n{pane.rstrip()}")
    assert status == 0
    assert modes == "0 0 1"  # no alternate screen, no mouse reporting, the cursor shown


def test_sigterm_gives_the_terminal_back(tmux: Tmux, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    _start(tmux, "term", pid_file)
    _wait_for(tmux, "term", "Timeline · 2026")
    os.kill(int(pid_file.read_text()), signal.SIGTERM)
    status, modes = _given_back(tmux, "term")
    assert status == 128 + signal.SIGTERM
    assert modes == "0 0 1"


def test_the_hostile_store_opens_and_quits_with_ctrl_c(tmux: Tmux, tmp_path: Path) -> None:
    _start(tmux, "hostile", tmp_path / "pid", "--store", str(DATA / "hostile.yaml"))
    shown = _wait_for(tmux, "hostile", "Timeline")
    _keys(tmux, "hostile", "Enter")
    _wait_for(tmux, "hostile", "Sources (")
    _keys(tmux, "hostile", "C-c")
    status, modes = _given_back(tmux, "hostile")
    assert status == 0
    assert modes == "0 0 1"
    assert "Traceback" not in tmux.capture("hostile")
    assert "pwned" not in tmux("display-message", "-p", "-t", "hostile", "#{pane_title}")
    assert shown
