"""Test helpers: the fixture store, and the CLI run as a user runs it at a fixed width and day."""

from __future__ import annotations

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
