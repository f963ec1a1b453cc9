"""Driving the explorer in-process with Textual's Pilot, without pytest-asyncio."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from textual.pilot import Pilot

from dealtimeline.core.model import Event, Store
from dealtimeline.explore.app import ExploreApp
from dealtimeline.store.reader import load_store
from tests.helpers import TINY

Script = Callable[[ExploreApp, Pilot[int]], Awaitable[None]]


class Browser:
    """Stands in for `webbrowser.open`: records the addresses it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        return True


def explorer(
    store: Store | None = None, events: Sequence[Event] | None = None, colour: bool = True
) -> tuple[ExploreApp, Browser]:
    loaded = store if store is not None else load_store(TINY)
    browser = Browser()
    chosen = loaded.events if events is None else events
    return ExploreApp(loaded, chosen, colour=colour, browser=browser), browser


def drive(app: ExploreApp, script: Script, size: tuple[int, int] = (80, 24)) -> None:
    """Run `app` at `size` and play `script` on it."""

    async def play() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(app, pilot)

    asyncio.run(play())


def screen_lines(app: ExploreApp) -> list[str]:
    """The timeline pane's lines as text, right-stripped."""
    timeline = app.timeline
    height = timeline.scrollable_content_region.height
    return [timeline.render_line(y).text.rstrip() for y in range(height)]


def detail_text(app: ExploreApp, width: int = 100) -> str:
    """What the detail pane shows, as plain text at `width` columns."""
    from io import StringIO

    from rich.console import Console

    from dealtimeline.explore.panes import Plain

    out = StringIO()
    console = Console(file=out, width=width, color_system=None, legacy_windows=False)
    console.print(Plain(app.detail_parts))
    return "\n".join(line.rstrip() for line in out.getvalue().split("\n"))


def read(path: Path) -> Store:
    return load_store(path)
