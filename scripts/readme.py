"""Regenerate (or check) the output shown under every `$ dealtimeline ...` in README.md.

Each ```console block holds one or more `$ dealtimeline ARGS` lines, each followed by the
output the command prints at 100 columns, without colour, on the day DEALTIMELINE_TODAY
(2026-11-23). `python scripts/readme.py` rewrites the outputs; `--check` exits 1 when
any differs from what the command prints now.
"""

from __future__ import annotations

import difflib
import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

from dealtimeline.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
ENVIRONMENT = {"COLUMNS": "100", "DEALTIMELINE_TODAY": "2026-11-23", "NO_COLOR": "1"}
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
PROMPT = "$ dealtimeline"


def output_of(command: str) -> str:
    """What `dealtimeline ARGS` prints: stdout, then stderr, as a terminal would show both."""
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, args, env=ENVIRONMENT)
    return result.stdout + result.stderr


def render_block(body: str) -> str:
    commands = [line for line in body.splitlines() if line.startswith(PROMPT)]
    return "".join(f"$ {c[2:]}\n{output_of(c[2:])}" for c in commands)


def render(text: str) -> str:
    return BLOCK.sub(lambda m: f"```console\n{render_block(m.group(1))}```", text)


def commands(text: str) -> list[str]:
    """Every `dealtimeline ...` command the README shows in a console block."""
    return [
        line[2:]
        for body in BLOCK.findall(text)
        for line in body.splitlines()
        if line.startswith(PROMPT)
    ]


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv[1:]:
        if fresh != current:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(True), fresh.splitlines(True), "README.md", "now"
                )
            )
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
