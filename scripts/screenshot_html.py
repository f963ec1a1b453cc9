"""Save docs/export-html.png: the bundled store's HTML export in headless Chromium.

Usage: python scripts/screenshot_html.py [PNG]   (needs Debian's chromium and playwright)

`chromium_page` is also how tests/test_export_browser.py drives the browser.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PNG = ROOT / "docs" / "export-html.png"


@contextmanager
def chromium_page(width: int = 1000, height: int = 1300) -> Iterator[Page]:
    """A page in a fresh headless Chromium with its own user-data-dir, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": width, "height": height},
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def export_bundled_html(folder: Path) -> Path:
    """The bundled store exported as HTML into `folder`, through the command itself."""
    from dealtimeline.cli import app

    path = folder / "export.html"
    code = app(["export", "--format", "html", "-o", str(path)], standalone_mode=False)
    if code:
        raise SystemExit(f"dealtimeline export failed with exit code {code}")
    return path


def screenshot(html: Path, png: Path) -> None:
    """The top of the page as it first shows, at a laptop's width."""
    with chromium_page() as page:
        page.goto(html.resolve().as_uri())
        page.screenshot(path=str(png))


def main() -> None:
    png = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PNG
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        screenshot(export_bundled_html(Path(folder)), png)
    print(f"Saved {png}")


if __name__ == "__main__":
    main()
