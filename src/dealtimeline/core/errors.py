"""The one error type for problems a user can fix, and the problems it carries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    """The program's exit statuses."""

    SUCCESS = 0
    FAILURE = 1  # a store, quote or write failure
    USAGE = 2  # a bad command line
    INTERRUPTED = 130  # Ctrl-C, or a prompt given up


@dataclass(frozen=True, repr=False, eq=False)
class Problem:
    """One thing wrong, where it is (when it is in a file) and how to fix it."""

    message: str
    fix: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}:{self.column or 1}"
            where += ": "
        return where + self.message + (f"; {self.fix}" if self.fix else "")


class DealtimelineError(Exception):
    """Problems the user can fix: a bad store, a bad argument, a failed write.

    `exit_code` is FAILURE (1) for a store, quote or write failure and USAGE (2) for a
    usage error.
    """

    def __init__(
        self, problems: Iterable[Problem], exit_code: ExitStatus = ExitStatus.FAILURE
    ) -> None:
        self.problems = tuple(problems)
        self.exit_code = exit_code
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def usage(cls, message: str, fix: str = "") -> DealtimelineError:
        """A usage error: exit code 2."""
        return cls([Problem(message, fix)], ExitStatus.USAGE)

    @classmethod
    def failure(cls, message: str, fix: str = "", file: str | None = None) -> DealtimelineError:
        """A failure that is not the user's typing: exit code 1."""
        return cls([Problem(message, fix, file)], ExitStatus.FAILURE)
