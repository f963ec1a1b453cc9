"""Output taller than the terminal goes through a pager, as git does it.

Only when stdout is a terminal (never into a pipe or a file), only when the output has
more lines than the screen, and never with `--no-pager`. The pager is
`$DEALTIMELINE_PAGER`, else `$PAGER`, else `less -FRX` (with `LESS=FRX` when LESS is
not set, so that a bare `less` keeps the colours); an empty value or `cat` means none.
The command line is split as a shell would split words (shlex) and run without a shell:
nothing in it is expanded or executed but the program it names. A pager that cannot be
started, or that fails, leaves the output written as it would be without one; a user
who quits the pager early has seen all they wanted, and the command ends quietly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

from dealtimeline.core.patterns import LazyPattern

DEFAULT_PAGER = "less -FRX"
PAGER_VARIABLES = ("DEALTIMELINE_PAGER", "PAGER")
# The escape sequences the views write (colours, hyperlinks): no width on the screen.
_ESCAPES = LazyPattern(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\))")


def pager_command(environ: dict[str, str] | None = None) -> list[str] | None:
    """The pager's words: the first of the variables set, else the default; None for no
    pager (an empty value, `cat`, or a line shlex cannot split, such as an open quote)."""
    environ = dict(os.environ) if environ is None else environ
    line = next((environ[name] for name in PAGER_VARIABLES if name in environ), DEFAULT_PAGER)
    try:
        import shlex  # only on a terminal: piped output never loads it

        words = shlex.split(line)
    except ValueError:
        return None
    return None if not words or words == ["cat"] else words


def screen_rows() -> int | None:
    """How many lines the terminal on stdout shows: LINES, else its size; None unknown."""
    try:
        rows = int(os.environ.get("LINES", ""))
    except ValueError:
        rows = 0
    if rows <= 0:
        try:
            rows = os.get_terminal_size(sys.stdout.fileno()).lines
        except (OSError, ValueError, AttributeError):
            rows = 0
    return rows if rows > 0 else None


def screen_lines(text: str, columns: int) -> int:
    """How many lines of the screen `text` takes once the terminal folds long lines."""
    from rich.cells import cell_len

    total = 0
    for line in text.splitlines():
        width = cell_len(_ESCAPES.sub("", line))
        total += max(1, -(-width // max(columns, 1)))
    return total


def wants_pager(no_pager: bool) -> bool:
    """A pager may be used: stdout is a terminal and no `--no-pager`."""
    return not no_pager and sys.stdout.isatty()


def page(text: str) -> None:
    """Write `text` to stdout, through the pager when it is taller than the screen."""
    from dealtimeline.render.console import terminal_width

    rows = screen_rows()
    words = pager_command()
    if rows and words:
        tall = screen_lines(text, terminal_width() or 80) >= rows
        if tall and _through(words, text):
            return
    sys.stdout.write(text)


def _through(words: list[str], text: str) -> bool:
    """Run the pager on `text`; False when it could not be started or failed (then the
    caller writes the text itself)."""
    import subprocess

    environ = dict(os.environ)
    environ.setdefault("LESS", "FRX")
    environ.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        process = subprocess.Popen(words, stdin=subprocess.PIPE, env=environ)
    except (OSError, ValueError):
        return False
    assert process.stdin is not None
    data = text.encode(sys.stdout.encoding or "utf-8", errors="replace")
    with _keys_for_the_pager():
        # A user who quits the pager before the end has seen all they wanted.
        with contextlib.suppress(BrokenPipeError):
            process.stdin.write(data)
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        code = process.wait()
    return code == 0


@contextlib.contextmanager
def _keys_for_the_pager() -> Iterator[None]:
    """While the pager runs, Ctrl-C is the pager's (less uses it to stop a search): this
    process waits for the pager instead of ending and leaving it on the terminal."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
