"""Writing a file so that readers see the whole old version or the whole new one."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from dealtimeline.core.errors import DealtimelineError

# Folders whose file system has no hard links (FAT, some network and FUSE mounts).
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}


def write_atomically(path: Path, data: bytes, replace: bool = True) -> None:
    """Write through a temporary file in the same folder, fsync it, keep the old file's
    permissions, rename it over the target and fsync the folder.

    With `replace=False` the file must not exist yet: it is linked into place, which fails
    if another file got there first, so nothing is ever overwritten.
    Any failure leaves the target as it was and raises a DealtimelineError naming it.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as error:
        raise _failure(path, error) from None
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if replace:
            os.replace(temporary, target)
            temporary = None
        else:
            _link_new(temporary, target)
        _fsync_folder(folder)
    except OSError as error:
        raise _failure(path, error) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _link_new(temporary: str, target: Path) -> None:
    """Put the temporary file at `target` unless something is there already."""
    try:
        os.link(temporary, target)
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(temporary, target)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _failure(path: Path, error: OSError) -> DealtimelineError:
    reason = error.strerror or str(error)
    return DealtimelineError.failure(
        f"cannot write the file: {reason}; it was left as it was",
        "check the folder exists, is writable and has free space",
        str(path),
    )
