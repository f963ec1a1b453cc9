"""Help that teaches: an overview without a command, and in every command's help a
one-line summary and an example that works as written."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from dealtimeline.cli.app import COMMAND_ORDER
from tests.helpers import opened_into, run


def _help(command: str) -> str:
    result = run(command, "--help")
    assert result.code == 0
    return result.stdout


def _example(command: str) -> list[str]:
    """The first example of a command's help, its continuation lines joined."""
    lines = _help(command).splitlines()
    start = next(i for i, line in enumerate(lines) if "Example" in line)
    words = lines[start].split(": ", 1)[1].split()
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        words += line.split()
    assert words[0] == "dealtimeline"
    return shlex.split(" ".join(words[1:]))


def test_no_command_gives_an_overview_with_three_examples() -> None:
    result = run()
    assert result.code == 0
    examples = [line for line in result.stdout.splitlines() if line.startswith("  dealtimeline ")]
    assert len(examples) == 3
    for name in COMMAND_ORDER:
        assert name in result.stdout


@pytest.mark.parametrize("command", COMMAND_ORDER)
def test_every_command_has_a_summary_and_an_example(command: str) -> None:
    text = _help(command)
    summary = text.splitlines()[2].strip()
    assert summary.endswith(".")
    assert len(summary) <= 60
    assert _example(command)[0] == command


def test_every_example_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    monkeypatch.chdir(tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened_into(opened))
    writing = ("init", "add-source", "add", "validate")
    for command in [c for c in COMMAND_ORDER if c not in writing] + list(writing):
        result = run(*_example(command))
        assert (command, result.code) == (command, 0), result.stderr
    assert opened == ["https://heise.de/-10252440"]
    assert (tmp_path / "oracle.html").is_file()
    assert "A new Stargate site" in (tmp_path / "deals.yaml").read_text()


def test_near_misses_are_answered_with_the_right_name() -> None:
    assert run("lst").stderr == (
        "Error: No such command 'lst'. Did you mean 'list'?\nSee: dealtimeline --help\n"
    )
    assert run("list", "--compnay", "oracle").stderr.startswith(
        "Error: No such option: --compnay (Possible options: --company)"
    )
