"""Which store to read: `--store`, then `$DEALTIMELINE_STORE`, then the bundled file."""

from __future__ import annotations

import os
from pathlib import Path

STORE_VARIABLE = "DEALTIMELINE_STORE"


def bundled_store() -> Path:
    """The events.yaml shipped in the package (or, in a source checkout, at its root)."""
    packaged = Path(__file__).with_name("events.yaml")
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "events.yaml"


def store_path(option: Path | None) -> Path:
    if option is not None:
        return option
    from_environment = os.environ.get(STORE_VARIABLE)
    if from_environment:
        return Path(from_environment)
    return bundled_store()


def is_bundled(path: Path) -> bool:
    try:
        return path.resolve() == bundled_store().resolve()
    except OSError:
        return False
