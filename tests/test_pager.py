"""The pager and the width, as git does them: the installed program on a real terminal
(a pty of a given size, the program's controlling terminal), with a stand-in pager that
records what it was given, and with the real `less -FRX`."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shlex
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from dealtimeline.cli.pager import pager_command, screen_lines
from tests.helpers import TINY, TODAY, read_pty

SGR = re.compile(rb"\x1b\[[0-9;]*m")
# A stand-in pager: what it read, its words and LESS go to the file given as its first
# word; it shows one line of its own on the terminal.
FAKE_PAGER = """\
import json, os, sys
data = sys.stdin.buffer.read().decode("utf-8")
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"stdin": data, "words": sys.argv[2:], "LESS": os.environ.get("LESS")}, out)
print("THE PAGER RAN")
"""


def _environment(**more: str) -> dict[str, str]:
    drop = {"COLUMNS", "LINES", "NO_COLOR", "PAGER", "DEALTIMELINE_PAGER", "LESS", "TMUX"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(TERM="xterm-256color", DEALTIMELINE_TODAY=TODAY)
    env.update(more)
    return env


def _size(fd: int, rows: int, columns: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def on_a_screen(
    args: list[str], env: dict[str, str], rows: int = 10, columns: int = 100
) -> tuple[int, bytes]:
    """The program's exit status and all it wrote, run as a user runs it in a terminal of
    `rows` by `columns`: stdin, stdout and stderr that terminal, its controlling one."""
    pid, leader = pty.fork()
    if pid == 0:  # the child: size its terminal, then become the program
        try:
            _size(0, rows, columns)
            command = [sys.executable, "-m", "dealtimeline", "--store", str(TINY), *args]
            os.execve(sys.executable, command, env)
        finally:
            os._exit(127)
    written = read_pty(leader)
    os.close(leader)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), written.replace(b"\r\n", b"\n")


@pytest.fixture
def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    """The pager's command line (its path quoted, as a user would write it) and the file
    it records into."""
    script = tmp_path / "the pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    record = tmp_path / "paged.json"
    return shlex.join([sys.executable, str(script), str(record)]), record


def _plain(written: bytes) -> str:
    return SGR.sub(b"", written).decode("utf-8")


def test_output_taller_than_the_screen_goes_through_the_pager_in_colour(
    fake_pager: tuple[str, Path],
) -> None:
    command, record = fake_pager
    code, direct = on_a_screen(["--no-pager", "list"], _environment(DEALTIMELINE_PAGER=command))
    assert code == 0 and not record.exists()
    code, written = on_a_screen(["list"], _environment(DEALTIMELINE_PAGER=command))
    assert code == 0
    assert written == b"THE PAGER RAN\n"
    paged = json.loads(record.read_text(encoding="utf-8"))
    assert paged["stdin"].encode("utf-8") == direct  # the same bytes, colours and all
    assert b"\x1b[" in direct
    assert "Microsoft invests $1B in OpenAI" in _plain(direct)
    assert paged["words"] == []
    assert paged["LESS"] == "FRX"  # set for a bare `less`, which would show escapes raw


def test_dealtimeline_pager_wins_over_pager_and_its_words_are_never_a_shell(
    tmp_path: Path, fake_pager: tuple[str, Path]
) -> None:
    command, record = fake_pager
    hostile = command + " 'two words' ; touch pwned $(touch pwned2) `touch pwned3`"
    env = _environment(DEALTIMELINE_PAGER=hostile, PAGER="false", LESS="-R")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code, written = on_a_screen(["list"], env)
    finally:
        os.chdir(old)
    assert (code, written) == (0, b"THE PAGER RAN\n")
    paged = json.loads(record.read_text(encoding="utf-8"))
    assert paged["words"] == [
        "two words",
        ";",
        "touch",
        "pwned",
        "$(touch",
        "pwned2)",
        "`touch",
        "pwned3`",
    ]
    assert paged["LESS"] == "-R"  # the user's own LESS is kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paged.json", "the pager.py"]


def test_pager_is_used_when_dealtimeline_pager_is_not_set(fake_pager: tuple[str, Path]) -> None:
    command, record = fake_pager
    assert on_a_screen(["list"], _environment(PAGER=command)) == (0, b"THE PAGER RAN\n")
    paged = json.loads(record.read_text(encoding="utf-8"))["stdin"]
    assert "Microsoft invests $1B in OpenAI" in _plain(paged.encode("utf-8"))


@pytest.mark.parametrize(
    "args",
    [["--no-pager", "list"], ["list", "--no-pager"], ["--no-color", "list", "--no-pager"]],
)
def test_no_pager_before_or_after_the_command(
    fake_pager: tuple[str, Path], args: list[str]
) -> None:
    command, record = fake_pager
    code, written = on_a_screen(args, _environment(DEALTIMELINE_PAGER=command))
    assert code == 0
    assert not record.exists()
    assert "Microsoft invests $1B in OpenAI" in _plain(written)


def test_output_that_fits_the_screen_is_not_paged(fake_pager: tuple[str, Path]) -> None:
    command, record = fake_pager
    code, written = on_a_screen(["list"], _environment(DEALTIMELINE_PAGER=command), rows=200)
    assert code == 0 and not record.exists()
    assert "Microsoft invests $1B in OpenAI" in _plain(written)


@pytest.mark.parametrize(
    "pager",
    ["/nonexistent/pager", "false", "less 'an open quote", "", "cat", "  "],
)
def test_a_missing_failing_or_empty_pager_leaves_the_output_as_it_is(pager: str) -> None:
    code, direct = on_a_screen(["--no-pager", "list"], _environment())
    assert code == 0
    code, written = on_a_screen(["list"], _environment(DEALTIMELINE_PAGER=pager))
    assert code == 0
    assert written == direct


def test_a_pager_that_quits_before_the_end_ends_the_command_quietly(tmp_path: Path) -> None:
    """`q` in less before the end: the write into the pager's closed pipe fails, and the
    command ends with 0 and says nothing (the JSON of the bundled store is bigger than
    any pipe's buffer, so the write does fail)."""
    from dealtimeline.store.locate import bundled_store

    env = _environment(DEALTIMELINE_PAGER=f"{shlex.quote(sys.executable)} -c pass")
    args = ["--store", str(bundled_store()), "list", "--format", "json"]
    code, written = on_a_screen(args, env)
    assert (code, written) == (0, b"")


def test_never_when_piped_and_as_wide_as_the_terminal_on_stderr(
    fake_pager: tuple[str, Path],
) -> None:
    """`diff 2024 2025 | less`: no pager of its own, and lines as wide as the terminal
    that stderr is (COLUMNS is not set), not as wide as the content likes."""
    command, record = fake_pager

    def piped(columns: int, **more: str) -> list[str]:
        leader, follower = pty.openpty()
        _size(follower, 10, columns)
        process = subprocess.run(
            [sys.executable, "-m", "dealtimeline", "--store", str(TINY), "list"],
            stdout=subprocess.PIPE,
            stderr=follower,
            env=_environment(DEALTIMELINE_PAGER=command, **more),
            check=True,
        )
        os.close(follower)
        os.close(leader)
        return process.stdout.decode("utf-8").splitlines()

    def at(columns: str) -> list[str]:
        """The same command with COLUMNS and no terminal anywhere."""
        return (
            subprocess.run(
                [sys.executable, "-m", "dealtimeline", "--store", str(TINY), "list"],
                capture_output=True,
                env=_environment(COLUMNS=columns),
                check=True,
            )
            .stdout.decode("utf-8")
            .splitlines()
        )

    narrow = piped(60)
    assert not record.exists()
    assert narrow == at("60")
    assert max(map(cell_len, narrow)) == 60
    assert piped(200) == at("200")
    assert piped(60, COLUMNS="90") == at("90")  # COLUMNS wins
    assert at("60") != at("90") != at("200")


def test_less_keeps_the_colours_and_quitting_it_ends_the_command_quietly() -> None:
    """The real `less -FRX` on a terminal of 12 rows: the first screen in colour, then
    `q`, and the command ends with 0 and no message."""
    if shutil.which("less") is None:
        pytest.skip("less is not installed")
    from dealtimeline.store.locate import bundled_store

    pid, leader = pty.fork()
    if pid == 0:
        try:
            _size(0, 12, 100)
            command = [sys.executable, "-m", "dealtimeline", "--store", str(bundled_store())]
            os.execve(sys.executable, [*command, "list"], _environment())
        finally:
            os._exit(127)
    shown = _until(leader, b"\n:")  # less's prompt, at the bottom of the first screen
    os.write(leader, b"q")
    rest = read_pty(leader)
    os.close(leader)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"2019" in SGR.sub(b"", shown)
    assert re.search(rb"\x1b\[[0-9;]*(?:3[0-7]|38;[25];[0-9;]+)m", shown)  # colours kept
    assert b"Traceback" not in shown + rest and b"Error" not in shown + rest
    assert b"2026-06-10" not in SGR.sub(b"", shown)  # only the first screen was shown


def _until(leader: int, marker: bytes, limit: float = 20.0) -> bytes:
    """What the terminal shows until `marker` (or a limit that only guards a hang)."""
    seen = b""
    deadline = time.monotonic() + limit
    while marker not in SGR.sub(b"", seen):
        ready, _, _ = select.select([leader], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"no {marker!r} on the terminal: {seen!r}")
        seen += os.read(leader, 65536)
    return seen


def test_the_pager_command_is_split_as_words() -> None:
    assert pager_command({}) == ["less", "-FRX"]
    assert pager_command({"PAGER": "more"}) == ["more"]
    assert pager_command({"PAGER": "more", "DEALTIMELINE_PAGER": "most -s"}) == ["most", "-s"]
    assert pager_command({"DEALTIMELINE_PAGER": "", "PAGER": "more"}) is None
    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({"PAGER": "less 'open"}) is None
    assert pager_command({"PAGER": "'my pager' -x"}) == ["my pager", "-x"]


def test_lines_on_the_screen_count_folded_lines_and_not_escapes() -> None:
    link = "\x1b]8;id=1;https://example.com/\x1b\\https://example.com/\x1b]8;;\x1b\\"
    assert screen_lines("a\n\x1b[1mbold\x1b[0m\n", 10) == 2
    assert screen_lines("x" * 25 + "\n", 10) == 3
    assert screen_lines(link + "\n", 19) == 2
    assert screen_lines(link + "\n", 20) == 1
    assert screen_lines("\n\n", 10) == 2
