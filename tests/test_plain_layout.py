"""Views written without colour are laid out without Rich's text machinery, and read the
same as Rich would print them."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from rich.console import Console
from rich.text import Text

from dealtimeline.render.console import print_renderables
from dealtimeline.render.style import HEADING, Runs

HEAVY = ("rich.text", "rich.console", "rich.segment", "rich.style", "rich.table", "yaml")


@pytest.mark.parametrize("args", [["list"], ["list", "--known-at", "2025-01-31"]])
def test_list_without_colour_imports_no_rich_text_nor_yaml(args: list[str]) -> None:
    """Piped, with no terminal to wrap the legend at (a narrow one needs Rich's wrapping),
    and from the parse cache, that a first run fills."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    code = (
        "import sys\n"
        "from dealtimeline.cli import main\n"
        f"sys.argv = ['dealtimeline', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"sys.stderr.write(repr(sorted(m for m in sys.modules if m in {HEAVY!r})))\n"
    )
    command = [sys.executable, "-c", code]
    first = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert first.stderr == "['yaml']"  # the parse, on the cache's miss
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert done.stderr == "[]"
    assert done.stdout.startswith("As known on 2025-01-31\n" if "--known-at" in args else "Date ")


def _legend() -> Runs:
    runs = Runs("3 events", HEADING).append("   reported", "yellow").append(": anonymous")
    return runs.append(" ").append("date?", "bold red").append(": disputed")


def test_runs_build_the_text_they_stand_for() -> None:
    expected = Text("3 events", style=HEADING)
    expected.append("   reported", style="yellow")
    expected.append(": anonymous")
    expected.append(" ")
    expected.append("date?", style="bold red")
    expected.append(": disputed")
    built = _legend().text()
    assert (built.plain, built.style, built.spans) == (
        expected.plain,
        expected.style,
        expected.spans,
    )
    assert _legend().plain == "3 events   reported: anonymous date?: disputed"


def _rich_plain(renderable: Text, width: int) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, no_color=True, highlight=False)
    console.print(renderable, crop=False)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


@pytest.mark.parametrize("width", [60, 30, 12])
def test_runs_written_without_colour_wrap_as_rich_prints_their_text(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    print_renderables([_legend()], False, out)
    assert out.getvalue() == _rich_plain(_legend().text(), width)
    lines = {
        60: ["3 events   reported: anonymous date?: disputed"],
        30: ["3 events   reported: anonymous", "date?: disputed"],
        12: ["3 events", "reported:", "anonymous", "date?:", "disputed"],
    }
    assert out.getvalue().splitlines() == lines[width]


def test_runs_drawn_in_colour_are_their_text() -> None:
    def drawn(renderable: object) -> str:
        out = io.StringIO()
        console = Console(file=out, width=40, force_terminal=True, color_system="truecolor")
        console.print(renderable)
        return out.getvalue()

    assert drawn(_legend()) == drawn(_legend().text())
    assert "\x1b[1m3 events" in drawn(_legend())
