"""Regenerate the README's pictures of the terminal views: docs/list.svg,
docs/diff-2024-2025.svg and docs/chart.svg, through each command's own --svg.

Usage: python scripts/pictures.py   (the HTML page's screenshot: scripts/screenshot_html.py)
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
}


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    for name, args in PICTURES.items():
        result = CliRunner().invoke(app, [*args, "--svg", str(DOCS / name)], env=ENVIRONMENT)
        if result.exit_code:
            sys.stderr.write(result.stderr)
            return result.exit_code
        sys.stdout.write(f"{DOCS / name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
