"""The console script: the app, whose commands are declared by the modules beside it,
each imported when one of its commands runs (`cli/app.py` COMMANDS)."""

from __future__ import annotations

import gc

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
