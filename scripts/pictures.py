"""Regenerate the README's pictures of the terminal views: docs/list.svg,
docs/diff-2024-2025.svg, docs/chart.svg and docs/totals-chart.svg, through each command's own --svg;
and docs/totals-chart.png, that SVG drawn by librsvg (rsvg-convert, Debian's librsvg2-bin).

Usage: python scripts/pictures.py [FOLDER]   (default docs/; the HTML page's screenshot:
scripts/screenshot_html.py)
"""

from __future__ import annotations

import shutil
import subprocess
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
DRAWN = {"totals-chart.png": "totals-chart.svg"}


def save(folder: Path) -> list[Path]:
    """Save every picture into `folder`; the paths written."""
    folder.mkdir(exist_ok=True)
    written = []
    for name, args in PICTURES.items():
        result = CliRunner().invoke(app, [*args, "--svg", str(folder / name)], env=ENVIRONMENT)
        if result.exit_code:
            raise SystemExit(result.stderr)
        written.append(folder / name)
    converter = shutil.which("rsvg-convert")
    if converter is None:
        raise SystemExit("rsvg-convert not found: apt-get install -y librsvg2-bin")
    for png, svg in DRAWN.items():
        subprocess.run([converter, str(folder / svg), "-o", str(folder / png)], check=True)
        written.append(folder / png)
    return written


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS
    for path in save(folder):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
