"""Which store to read (`--store`, then `$DEALTIMELINE_STORE`, then the bundled file), and
reading its bytes within the size limit."""

from __future__ import annotations

import math
import os
import re
import stat
import sys
from collections.abc import Callable
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
    """The size limit for a store file, raised with DEALTIMELINE_MAX_MB: a positive, finite
    number of megabytes; anything else is a usage error, never silently ignored."""
    raw = os.environ.get(MAX_MB_VARIABLE, "")
    if not raw:
        return DEFAULT_MAX_MB * 1024 * 1024
    try:
        megabytes = float(raw)
        limit = int(megabytes * 1024 * 1024)
    except (ValueError, OverflowError):
        limit = 0
    if not math.isfinite(megabytes if limit else 0.0) or limit <= 0:
        raise DealtimelineError.usage(
            f"{MAX_MB_VARIABLE}={raw} is not a size in megabytes",
            f"give a positive number, such as {DEFAULT_MAX_MB} (the default)",
        )
    return limit


STDIN = "-"
STDIN_NAME = "<stdin>"
# Paths that name a descriptor this process already has (`/dev/stdin`, `<(...)`): read as
# the stream they are, within the limit, and never cached.
_DESCRIPTOR = re.compile(r"/dev/(stdin|fd/[0-9]+)|/proc/(self|thread-self|[0-9]+)/fd/[0-9]+")
_CHUNK = 1 << 20


def is_stdin(path: Path) -> bool:
    return str(path) == STDIN


def shown_name(path: Path) -> str:
    """How the store is named in messages: `<stdin>` for `-`."""
    return STDIN_NAME if is_stdin(path) else str(path)


def is_descriptor(path: Path) -> bool:
    """Standard input (`-`), or a path that names an open descriptor (`/dev/stdin`,
    `/dev/fd/63` from `<(...)`): a stream, read once, never cached."""
    return is_stdin(path) or _DESCRIPTOR.fullmatch(os.path.normpath(str(path))) is not None


def read_store_bytes(path: Path) -> bytes:
    """The file's bytes, refusing folders, missing files and files over the size limit."""
    return read_store(path)[0]


def read_store(path: Path) -> tuple[bytes, os.stat_result | None]:
    """The store's bytes and the status of the regular file they were read from (None for
    a stream), refusing folders, special files, missing files and more than the limit.

    Nothing is ever opened that could block: the type is checked first (`stat` does not
    open), the open is non-blocking, and no more than the limit plus one byte is read.
    """
    shown = shown_name(path)
    limit = max_store_bytes()
    if is_stdin(path):
        try:
            return _bounded(sys.stdin.buffer.read, limit, shown, "the input"), None
        except OSError as error:
            raise _unreadable(error, shown) from None
    try:
        return read_bounded(path, limit, shown, "a .yaml file", stream=is_descriptor(path))
    except FileNotFoundError:
        raise DealtimelineError.failure(
            "no such file",
            "check --store or DEALTIMELINE_STORE, or run 'dealtimeline init' to make a store",
            shown,
        ) from None
    except OSError as error:
        raise _unreadable(error, shown) from None


def read_bounded(
    path: Path, limit: int, shown: str, wanted: str, stream: bool = False
) -> tuple[bytes, os.stat_result | None]:
    """At most `limit` bytes of a regular file (or, with `stream`, of whatever the path
    names), and the status of the regular file read; a DealtimelineError naming `shown`
    for a folder, a special file or more than `limit` bytes. OSError is the caller's."""
    status = os.stat(path)
    if stat.S_ISDIR(status.st_mode):
        raise DealtimelineError.failure(
            "this is a folder, not a store file"
            if wanted == "a .yaml file"
            else "this is a folder, not a file",
            f"give the path of {wanted}",
            shown,
        )
    if not stream and not stat.S_ISREG(status.st_mode):
        raise _special(status.st_mode, shown, wanted)
    if stat.S_ISREG(status.st_mode) and status.st_size > limit:
        raise _too_big(f"the file is {status.st_size / 1048576:.1f} MiB,", limit, shown)
    descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        opened = os.fstat(descriptor)
        regular = stat.S_ISREG(opened.st_mode)
        if not stream and not regular:  # swapped for a FIFO or a device since the stat
            raise _special(opened.st_mode, shown, wanted)
        os.set_blocking(descriptor, True)  # a pipe's writer may not have written yet
        what = "the file" if regular else "the input"
        data = _bounded(lambda size: os.read(descriptor, size), limit, shown, what)
    finally:
        os.close(descriptor)
    return data, opened if regular and not stream else None


def _bounded(read: Callable[[int], bytes], limit: int, shown: str, what: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise _too_big(f"{what} is", limit, shown)
    return b"".join(chunks)


def _too_big(what: str, limit: int, shown: str) -> DealtimelineError:
    return DealtimelineError.failure(
        f"{what} over the {_megabytes(limit)} MiB limit",
        f"raise the limit with {MAX_MB_VARIABLE}=<megabytes> if the file is right",
        shown,
    )


def _megabytes(limit: int) -> str:
    megabytes = limit / 1048576
    return f"{megabytes:.0f}" if megabytes >= 1 else f"{megabytes:.3g}"


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def _special(mode: int, shown: str, wanted: str) -> DealtimelineError:
    noun = "a store file" if wanted == "a .yaml file" else "a text file"
    return DealtimelineError.failure(
        f"this is {file_kind(mode)}, not {noun}", f"give the path of {wanted}", shown
    )


def _unreadable(error: OSError, shown: str) -> DealtimelineError:
    return DealtimelineError.failure(
        f"cannot read the file: {error.strerror or error}", "check its permissions", shown
    )
