"""Every test starts without a user's store or colour settings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_user_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEALTIMELINE_STORE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
