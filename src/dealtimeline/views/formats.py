"""The formats each kind of view writes, declared once: the views check a format against
them, and the CLI's `--format` help lists them, so that help never offers one that fails."""

from __future__ import annotations

ALL_FORMATS = ("rich", "json", "csv", "markdown", "yaml")
# One event has no one table to write as CSV.
EVENT_FORMATS = ("rich", "json", "markdown", "yaml")
# The checks of sources on the web are a report, not data to load back.
CHECK_FORMATS = ("rich", "json", "csv", "markdown")
