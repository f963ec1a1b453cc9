"""Regenerate the explorer's pictures in docs/: Textual's own SVG screenshots of the
timeline, an event's detail, a diff between two marks and the filter, on the bundled
store at 140x40, rendered to PNG with rsvg-convert (Debian's librsvg2-bin).

Usage: python scripts/explore_screenshots.py
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dealtimeline.explore.app import ExploreApp
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store

DOCS = Path(__file__).resolve().parents[1] / "docs"
SIZE = (140, 40)
SHOTS = {
    "explore-timeline": [],
    "explore-detail": ["k", "k", "k", "enter"],
    "explore-diff": ["g", "pagedown", "m", "G", "m"],
    "explore-filter": ["c", "o", "r", "a", "tab", "escape", "slash", *"gw"],
}


async def _shoot(name: str, keys: list[str], folder: Path) -> Path:
    store = load_store(bundled_store())
    app = ExploreApp(store, store.events, browser=lambda url: True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        return Path(app.save_screenshot(filename=f"{name}.svg", path=str(folder)))


def main() -> int:
    converter = shutil.which("rsvg-convert")
    if converter is None:
        print("rsvg-convert is missing: apt-get install librsvg2-bin", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        for name, keys in SHOTS.items():
            svg = asyncio.run(_shoot(name, keys, Path(folder)))
            png = DOCS / f"{name}.png"
            subprocess.run([converter, "--zoom", "1", str(svg), "-o", str(png)], check=True)
            print(f"Saved {png.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
