"""One writer at a time: an exclusive `flock` on `<store>.lock`, held while a store is rewritten.

The kernel drops a `flock` when its holder dies, so a lock file left by a killed writer is
taken over at once, never waited on. The holder writes its pid into the file (for the
message a waiting writer gives) and removes the file before it lets go; a writer that
locked a file which was removed meanwhile drops it and tries again, so two writers never
both hold the lock.

The lock file is only ever written when this writer has just created it (`O_EXCL`); one
found there is opened read-only, never truncated, and once locked it is removed and made
anew. It is never followed when it is a symbolic link, and anything but a regular file
there (a FIFO, a device, a socket, a folder) is refused before it is opened for locking.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from dealtimeline.core.errors import DealtimelineError
from dealtimeline.store.atomic import signals_held
from dealtimeline.store.locate import file_kind

LOCK_WAIT_SECONDS = 5.0
_RETRY_SECONDS = 0.02


def lock_path(store: Path) -> Path:
    """The lock file beside the real file (symlinks resolved), as git does."""
    real = Path(os.path.realpath(store))
    return real.with_name(real.name + ".lock")


@contextlib.contextmanager
def locked(store: Path) -> Iterator[Path]:
    """Hold the store's lock, waiting up to LOCK_WAIT_SECONDS for another writer to
    finish; a DealtimelineError naming the lock file otherwise."""
    lock = lock_path(store)
    held: list[int] = []
    try:
        _acquire(store, lock, LOCK_WAIT_SECONDS, held)
        yield lock
    finally:
        if held:
            with contextlib.suppress(OSError):
                os.unlink(lock)
            os.close(held[0])


def _acquire(store: Path, lock: Path, wait: float, held: list[int]) -> None:
    """Take the lock into `held`. Each attempt runs with SIGTERM and SIGHUP held, and puts
    the descriptor into `held` before they are let through, so that a writer stopped by
    one never leaves the lock file it made behind; the waits between attempts do not hold
    them."""
    deadline = time.monotonic() + wait
    mode = _mode(store)
    while True:
        with signals_held():
            outcome = _attempt(store, lock, mode)
            if isinstance(outcome, int):
                held.append(outcome)
                return
        if outcome is None:
            continue
        if time.monotonic() >= deadline:
            raise _busy(lock, wait, outcome)
        time.sleep(_RETRY_SECONDS * random.uniform(0.5, 1.5))


def _attempt(store: Path, lock: Path, mode: int) -> int | str | None:
    """One try: the locked descriptor of a lock file this writer made; the holder's pid
    (text) when another writer holds it; None to try again at once."""
    created, descriptor = _open(store, lock, mode)
    if descriptor is None:
        return None  # the file went away between two looks: look again
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = _holder(descriptor)
        os.close(descriptor)
        return pid
    except OSError as error:
        os.close(descriptor)
        raise _cannot_lock(store, lock, error) from None
    if not _still_there(descriptor, lock):
        os.close(descriptor)
        return None
    if not created:
        # Left by a writer that died: locked now, so nobody holds it. Remove it and
        # make one of our own, rather than write into a file we did not make.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        os.close(descriptor)
        return None
    try:
        os.write(descriptor, f"{os.getpid()}\n".encode())
    except OSError as error:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(lock)
        raise _cannot_lock(store, lock, error) from None
    return descriptor


_OPEN = os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK


def _open(store: Path, lock: Path, mode: int) -> tuple[bool, int | None]:
    """A descriptor of the lock file, and whether this writer has just created it; None
    when a file found there vanished before it could be opened."""
    try:
        return True, os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL | _OPEN, mode)
    except FileExistsError:
        pass
    except OSError as error:
        raise _cannot_lock(store, lock, error) from None
    try:
        found = os.lstat(lock)
    except FileNotFoundError:
        return False, None
    except OSError as error:
        raise _cannot_lock(store, lock, error) from None
    if not stat.S_ISREG(found.st_mode):
        raise _not_a_lock(store, lock, found.st_mode)
    try:
        descriptor = os.open(lock, os.O_RDONLY | _OPEN)
    except FileNotFoundError:
        return False, None
    except OSError as error:
        raise _cannot_lock(store, lock, error) from None
    opened = os.fstat(descriptor)
    if not stat.S_ISREG(opened.st_mode):  # swapped for something else since the lstat
        os.close(descriptor)
        raise _not_a_lock(store, lock, opened.st_mode)
    return False, descriptor


def _mode(store: Path) -> int:
    """The store's read and write bits: the lock is never more readable than the store."""
    try:
        return stat.S_IMODE(os.stat(store).st_mode) & 0o666
    except OSError:
        return 0o600


def _holder(descriptor: int) -> str:
    """The pid the holder wrote, read from the file as it is locked (never opened again)."""
    try:
        return os.pread(descriptor, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _not_a_lock(store: Path, lock: Path, mode: int) -> DealtimelineError:
    return DealtimelineError.failure(
        f"the lock file {lock} is {file_kind(mode)}, not a lock file dealtimeline made; "
        "the store was left as it was",
        "remove it if no dealtimeline is writing this store",
        str(store),
    )


def _still_there(descriptor: int, lock: Path) -> bool:
    """True when the locked file is still the one at `lock` (its holder may have removed it)."""
    try:
        named = os.stat(lock)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _busy(lock: Path, wait: float, pid: str) -> DealtimelineError:
    holder = f"another dealtimeline (pid {pid})" if pid.isdigit() else "another dealtimeline"
    return DealtimelineError.failure(
        f"{holder} is writing this store; gave up after {wait:g} s",
        "try again when it has finished",
        str(lock),
    )


def _cannot_lock(store: Path, lock: Path, error: OSError) -> DealtimelineError:
    reason = error.strerror or str(error)
    return DealtimelineError.failure(
        f"cannot create the lock file {lock}: {reason}; the store was left as it was",
        "check the folder is writable",
        str(store),
    )
