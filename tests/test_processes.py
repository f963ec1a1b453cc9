"""The program among other processes: a full disk on stdout, closed standard streams, and
`add` without a terminal to ask in. (Pipes that close and Ctrl-C: test_terminal.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import TINY

FULL = Path("/dev/full")
MISSING = (
    "Error: missing --date, --title, --kind, --company, --source, --quote\n"
    "give them as options, or run 'dealtimeline add' in a terminal to be asked\n"
)


def shell(
    redirections: str, *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The program run by bash with `redirections` (such as `<&-`) after its arguments."""
    return subprocess.run(
        ["bash", "-c", f'"$@" {redirections}', "-", sys.executable, "-m", "dealtimeline", *args],
        capture_output=True,
        text=True,
        input=input,
        check=False,
    )


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "rofr-2025", "--format", "markdown"],
        ["export", "--format", "ics"],
        ["validate"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_a_full_disk_on_stdout_is_one_clear_line(args: list[str]) -> None:
    done = shell(f"> {FULL}", "--store", str(TINY), *args)
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "",
        "Error: cannot write the output: No space left on device\n",
    )


@pytest.mark.parametrize(
    ("redirections", "input"),
    [("< /dev/null", None), ("", ""), ("<&-", None)],
    ids=["stdin-devnull", "stdin-empty-pipe", "stdin-closed"],
)
def test_add_without_a_terminal_names_what_is_missing_and_asks_nothing(
    tmp_path: Path, redirections: str, input: str | None
) -> None:
    store = tmp_path / "mine.yaml"
    store.write_bytes(TINY.read_bytes())
    done = shell(redirections, "--store", str(store), "add", input=input)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", MISSING)
    assert store.read_bytes() == TINY.read_bytes()
    titled = shell(redirections, "--store", str(store), "add", "--title", "x", input=input)
    assert titled.stderr == MISSING.replace(" --title,", "")


def test_a_closed_stdout_or_stderr_is_no_crash() -> None:
    listed = shell(">&-", "--store", str(TINY), "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    refused = shell("2>&-", "--store", str(TINY.with_name("none.yaml")), "list")
    assert (refused.returncode, refused.stdout) == (1, "")
