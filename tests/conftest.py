"""Every test starts without a user's store, colour settings or parse cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_user_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cache_home: Path = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.delenv("DEALTIMELINE_NO_CACHE", raising=False)
    monkeypatch.delenv("DEALTIMELINE_STORE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
