"""The explorer's screens at 80x24 and 160x48 (pytest-textual-snapshot): the timeline,
an event's detail, a diff between two marks and the filter. `pytest --snapshot-update`
rewrites them when a change to the screens is meant."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dealtimeline.store.locate import bundled_store
from tests.explore_helpers import explorer, read

Compare = Callable[..., bool]
SCREENS = {
    "timeline": [],
    "detail": ["k", "enter"],
    "diff": ["g", "m", "G", "m"],
    "filter": ["c", "o", "r", "tab", "escape", "slash", "g", "w"],
    "help": ["question_mark"],
}


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screens(snap_compare: Compare, screen: str, size: tuple[int, int]) -> None:
    app, _ = explorer(read(bundled_store()))
    assert snap_compare(app, press=SCREENS[screen], terminal_size=size)
