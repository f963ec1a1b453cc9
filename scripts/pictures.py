"""Regenerate the README's pictures of the terminal views: docs/list.svg,
docs/diff-2024-2025.svg, docs/chart.svg and docs/totals-chart.svg, through each command's own --svg.

Usage: python scripts/pictures.py [FOLDER]   (default docs/; the HTML page's screenshot:
scripts/screenshot_html.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from dealtimeline.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs"
ENVIRONMENT = {"COLUMNS": "100", "DEALTIMELINE_TODAY": "2026-11-23"}
PICTURES = {
    "list.svg": ["list", "--company", "oracle", "--since", "2025"],
    "diff-2024-2025.svg": ["diff", "2024", "2025"],
    "chart.svg": ["chart"],
    "totals-chart.svg": ["totals", "--chart", "--as-of", "2025-12-31"],
}


def save(folder: Path) -> list[Path]:
    """Save every picture into `folder`; the paths written."""
    folder.mkdir(exist_ok=True)
    written = []
    for name, args in PICTURES.items():
        result = CliRunner().invoke(app, [*args, "--svg", str(folder / name)], env=ENVIRONMENT)
        if result.exit_code:
            raise SystemExit(result.stderr)
        written.append(folder / name)
    return written


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS
    for path in save(folder):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
