"""Test helpers: the fixture store, and the CLI run as a user runs it at a fixed width and day."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from dealtimeline.cli import app

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.yaml"
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TODAY = "2026-11-23"
WIDTH = "100"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Run:
    """The app as the console script runs it, at a fixed width and day, without colour."""
    environment = {"COLUMNS": WIDTH, "DEALTIMELINE_TODAY": TODAY, "NO_COLOR": "1"}
    environment.update(env or {})
    result = CliRunner().invoke(app, list(args), env=environment, input=input)
    return Run(result.exit_code, result.stdout, result.stderr)


def on_a_terminal(*args: str, store: Path = TINY, columns: str = WIDTH) -> bytes:
    """The installed program's output when its stdout is a real terminal (a pty)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "DEALTIMELINE_TODAY": TODAY, "COLUMNS": columns, "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "dealtimeline", "--store", str(store), *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    written = read_pty(leader)
    process.wait()
    os.close(leader)
    return written.replace(b"\r\n", b"\n")


def read_pty(leader: int) -> bytes:
    """All a pty's other end wrote until it was closed (the child's exit)."""
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def piped(*args: str, store: Path = TINY) -> bytes:
    """The installed program's output into a pipe."""
    env = {**os.environ, "DEALTIMELINE_TODAY": TODAY, "COLUMNS": WIDTH}
    return subprocess.run(
        [sys.executable, "-m", "dealtimeline", "--store", str(store), *args],
        capture_output=True,
        env=env,
        check=True,
    ).stdout


def opened_into(opened: list[str]) -> Callable[[str], bool]:
    """A stand-in for `webbrowser.open` that records each address and says it opened it."""

    def open_(url: str) -> bool:
        opened.append(url)
        return True

    return open_
