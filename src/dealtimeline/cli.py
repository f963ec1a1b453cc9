"""The console script: the app with every command registered."""

from __future__ import annotations

import sys

from dealtimeline import cli_exporting, cli_reading  # noqa: F401  (register the commands)
from dealtimeline.cli_app import app
from dealtimeline.errors import EXIT_INTERRUPTED

__all__ = ["app", "main"]


def main() -> None:
    """The console script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
