"""One writer at a time: an exclusive `flock` on `<store>.lock`, held while a store is rewritten.

The kernel drops a `flock` when its holder dies, so a lock file left by a killed writer is
taken over at once, never waited on. The holder writes its pid into the file (for the
message a waiting writer gives) and removes the file before it lets go; a writer that
locked a file which was removed meanwhile drops it and tries again, so two writers never
both hold the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

from dealtimeline.core.errors import DealtimelineError

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
    descriptor = _acquire(store, lock, LOCK_WAIT_SECONDS)
    try:
        yield lock
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(descriptor)


def _acquire(store: Path, lock: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    while True:
        try:
            descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as error:
            raise _cannot_lock(store, lock, error) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise _busy(lock, wait) from None
            time.sleep(_RETRY_SECONDS * random.uniform(0.5, 1.5))
            continue
        except OSError as error:
            os.close(descriptor)
            raise _cannot_lock(store, lock, error) from None
        if _still_there(descriptor, lock):
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())
            return descriptor
        os.close(descriptor)


def _still_there(descriptor: int, lock: Path) -> bool:
    """True when the locked file is still the one at `lock` (its holder may have removed it)."""
    try:
        named = os.stat(lock)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _busy(lock: Path, wait: float) -> DealtimelineError:
    try:
        pid = lock.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
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
