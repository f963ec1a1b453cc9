"""Which store to read (`--store`, then `$DEALTIMELINE_STORE`, then the bundled file), and
reading its bytes within the size limit."""

from __future__ import annotations

import os
from pathlib import Path

from dealtimeline.core.errors import DealtimelineError

STORE_VARIABLE = "DEALTIMELINE_STORE"
DEFAULT_MAX_MB = 64
MAX_MB_VARIABLE = "DEALTIMELINE_MAX_MB"


def bundled_store() -> Path:
    """The events.yaml shipped in the package (or, in a source checkout, at its root)."""
    packaged = Path(__file__).parents[1] / "events.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "events.yaml"


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


def max_store_bytes() -> int:
    """The size limit for a store file, raised with DEALTIMELINE_MAX_MB."""
    raw = os.environ.get(MAX_MB_VARIABLE, "")
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(megabytes * 1024 * 1024)


def read_store_bytes(path: Path) -> bytes:
    """The file's bytes, refusing folders, missing files and files over the size limit."""
    shown = str(path)
    try:
        if path.is_dir():
            raise DealtimelineError.failure(
                "this is a folder, not a store file", "give the path of a .yaml file", shown
            )
        size = path.stat().st_size
        limit = max_store_bytes()
        if size > limit:
            raise DealtimelineError.failure(
                f"the file is {size / 1048576:.1f} MiB, over the {limit / 1048576:.0f} MiB limit",
                f"raise the limit with {MAX_MB_VARIABLE}=<megabytes> if the file is right",
                shown,
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DealtimelineError.failure(
            "no such file",
            "check --store or DEALTIMELINE_STORE, or run 'dealtimeline init' to make a store",
            shown,
        ) from None
    except OSError as error:
        raise DealtimelineError.failure(
            f"cannot read the file: {error.strerror or error}", "check its permissions", shown
        ) from None
