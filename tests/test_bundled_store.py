"""The bundled store: valid, its seed quotes verbatim, and as rich as the brief asks."""

from __future__ import annotations

import pytest

from dealtimeline.core.state import settings_by_term
from dealtimeline.store.archive import check_quotes
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store
from tests.helpers import SEEDS, run


def test_the_bundled_store_is_valid_and_large_enough() -> None:
    store = load_store(bundled_store())
    assert len(store.events) >= 40
    changing = [t for t, s in settings_by_term(store).items() if len({x.value for x in s}) > 1]
    assert len(changing) >= 8
    archived = {s.archive for s in store.sources.values() if s.archive}
    assert len(archived) == 5


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds live beside the repository")
def test_every_seed_quote_is_verbatim() -> None:
    assert check_quotes(load_store(bundled_store()), SEEDS) == []
    result = run("validate", "--archive", str(SEEDS))
    assert result.code == 0
    assert result.stdout.startswith("OK: ")
    assert result.stdout.endswith(", every archived quote found\n")
