"""The dependency range that pyproject.toml declares is the one that CI proves."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENT = re.compile(r'^\s*"([A-Za-z0-9_.-]+)>=([0-9][0-9.]*)(?:,<([0-9][0-9.]*))?"', re.M)


def _lower_bounds() -> dict[str, str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = text[text.index("dependencies = [") : text.index("[project.scripts]")]
    return {name.lower(): low for name, low, _ in REQUIREMENT.findall(dependencies)}


def _pins() -> dict[str, str]:
    text = (ROOT / ".ci" / "constraints-lowest.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([0-9][0-9.]*)$", text, re.M)
    return {name.lower(): version for name, version in pins}


def _release(version: str) -> tuple[int, ...]:
    parts = [int(part) for part in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def test_the_lowest_cell_pins_every_lower_bound_exactly() -> None:
    bounds = _lower_bounds()
    assert {"typer", "rich", "pyyaml", "python-dateutil", "pytest", "hypothesis"} <= set(bounds)
    pins = _pins()
    assert set(pins) == set(bounds)
    assert {name: _release(pins[name]) for name in pins} == {
        name: _release(low) for name, low in bounds.items()
    }


def test_an_upper_bound_is_kept_only_where_the_readme_says_why() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    capped = sorted(name for name, _, high in REQUIREMENT.findall(text) if high)
    assert capped == ["typer"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "typer is held below 0.29" in readme
    assert (ROOT / "benchmarks" / "typer_bound.py").is_file()
