"""The README's shown outputs are what the commands print (regenerate: scripts/readme.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from tests.helpers import ROOT


def _script(name: str) -> ModuleType:
    """One of the scripts/ files, imported as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_console_block_shows_what_the_command_prints() -> None:
    script = _script("readme")
    text = Path(script.README).read_text(encoding="utf-8")
    assert script.commands(text) == [
        "dealtimeline list --company oracle --since 2025",
        "dealtimeline list",
        "dealtimeline show --company oracle",
        "dealtimeline show oci-universal-credits-2026",
        "dealtimeline cite msft-rofr-2025",
        "dealtimeline cite msft-rofr-2025 --format markdown",
        "dealtimeline cite msft-rofr-2025 --format bibtex",
        "dealtimeline diff 2024 2025",
        "dealtimeline state --as-of 2025-06",
        "dealtimeline chart --company microsoft --since 2024",
        "dealtimeline deals --as-of 2025-12-31",
        "dealtimeline show --deal oracle-300b",
        "dealtimeline totals --chart --as-of 2025-12-31",
        "dealtimeline totals --as-of 2025-12-31",
        "dealtimeline list --min-amount 10B --measure compute-purchase --sort amount",
        "dealtimeline audit --company oracle --since 2025",
        "dealtimeline export --format mermaid --company oracle --since 2025-09",
        "dealtimeline list --company orcle",
        "dealtimeline diff 2024 2025-13",
        "dealtimeline validate",
    ]
    assert script.render(text) == text


def test_the_first_screen_gives_the_two_set_up_commands() -> None:
    first_screen = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:24]
    assert (
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && dealtimeline list"
        in first_screen
    )
    assert (
        'python3 -m venv .venv && . .venv/bin/activate && pip install -e ".[test]" && pytest'
        in first_screen
    )


def test_the_pictures_show_what_the_commands_draw(tmp_path: Path) -> None:
    for fresh in _script("pictures").save(tmp_path):
        if fresh.suffix == ".png":  # drawn by librsvg: its pixels are its fonts'
            assert fresh.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), fresh.name
            continue
        assert fresh.read_text() == (ROOT / "docs" / fresh.name).read_text(), fresh.name
