"""The console script: the app with every command registered."""

from __future__ import annotations

import gc

# Importing each command module registers its commands on the app.
from dealtimeline.cli import auditing, exporting, reading, writing  # noqa: F401
from dealtimeline.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The console script.

    The cyclic garbage collector is off: a command runs for a moment and builds up to
    millions of objects that hold no cycles, which the collector would only scan again
    and again (loading 100,000 events took three times as long with it on).
    """
    gc.disable()
    app()
