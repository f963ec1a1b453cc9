"""Writing a file so that readers see the whole old version or the whole new one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.patterns import LazyPattern

# Folders whose file system has no hard links (FAT, some network and FUSE mounts).
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}
# Extended attributes that cannot be copied, and are left behind: none on this file system,
# or a name space only a privileged process may set (trusted.*, some security.* labels).
_XATTR_SKIPPED = {
    errno.ENOTSUP,
    errno.EOPNOTSUPP,
    errno.EPERM,
    errno.EACCES,
    errno.ENODATA,
    errno.E2BIG,
    errno.ERANGE,
    errno.EINVAL,
}
# The signals that end a writer whose temporary file and lock are then removed.
CLEANED_UP_ON = (signal.SIGTERM, signal.SIGHUP)
# `.<file name>.<pid of the writer>.<8 random hex digits>.tmp`, beside the file.
_TEMPORARY = LazyPattern(r"\.(?P<name>.+)\.(?P<pid>[1-9][0-9]{0,9})\.[0-9a-f]{8}\.tmp", re.DOTALL)


def temporary_name(name: str) -> str:
    """The name of a writer's temporary file for the file `name`: it holds the writer's pid,
    so that a later writer can tell the leftovers of a dead one."""
    return f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


def write_atomically(
    path: Path, data: bytes, replace: bool = True, mode_limit: int = 0o7777
) -> None:
    """Write through a temporary file in the same folder, fsync it, keep the old file's
    owner, group, extended attributes and permissions, rename it over the target and fsync
    the folder.

    `mode_limit` caps the permissions (an export is never more readable than its store).
    With `replace=False` the file must not exist yet: it is linked into place, which fails
    if another file got there first, so nothing is ever overwritten.
    A file that is not a regular file, or has more than one hard link, is refused. SIGTERM
    and SIGHUP during the write remove the temporary file, then end the process as usual.
    Any failure leaves the target as it was and raises a DealtimelineError naming it.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise _failure(path, error) from None
    if status is not None:
        _refuse_unsafe(path, status)
    with removed_on_signals():
        temporary = None
        try:
            with signals_held():
                descriptor, temporary = _create(folder, target.name)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(descriptor)
                mode = _keep_what_is_kept(target, status, descriptor, path)
                os.fchmod(descriptor, mode & mode_limit)
            if replace:
                with signals_held():
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


def _refuse_unsafe(path: Path, status: os.stat_result) -> None:
    """A device, a pipe or a folder is never replaced by a file; a file with hard links
    would be split from its other names, silently."""
    if not stat.S_ISREG(status.st_mode):
        raise DealtimelineError.failure(
            "this is not a regular file (a folder, a device or a pipe); nothing was written",
            "give the path of a file",
            str(path),
        )
    if status.st_nlink > 1:
        raise DealtimelineError.failure(
            f"the file has {status.st_nlink} hard links, and writing it would split them "
            "into different files; it was left as it was",
            f"make it a file of its own first (cp {path} {path}.new && mv {path}.new {path}), "
            "or link it with a symbolic link (ln -s) instead",
            str(path),
        )


def _create(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file beside the target, readable by no one until its mode is set."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        temporary = str(folder / temporary_name(name))
        try:
            return os.open(temporary, flags, 0), temporary
        except FileExistsError:
            continue


def _keep_what_is_kept(
    target: Path, status: os.stat_result | None, descriptor: int, path: Path
) -> int:
    """Give the temporary file the target's owner and group (the owner only where allowed:
    root, or the owner writing) and its extended attributes; the mode to give it."""
    if status is None:
        return 0o666 & ~_umask()
    made = os.fstat(descriptor)
    if (made.st_uid, made.st_gid) != (status.st_uid, status.st_gid):
        try:
            os.fchown(descriptor, status.st_uid, status.st_gid)
        except PermissionError:
            try:
                os.fchown(descriptor, -1, status.st_gid)
            except PermissionError:
                raise DealtimelineError.failure(
                    f"the file belongs to group {status.st_gid}, which the new version "
                    "cannot be given (you are not a member); it was left as it was",
                    "add to it as its owner or as a member of its group",
                    str(path),
                ) from None
    _copy_extended_attributes(target, descriptor)
    return stat.S_IMODE(status.st_mode)


def _copy_extended_attributes(target: Path, descriptor: int) -> None:
    """ACLs, SELinux labels and user attributes, as far as this process may set them."""
    try:
        names = os.listxattr(target)
    except OSError as error:
        if error.errno in _XATTR_SKIPPED:
            return
        raise
    for name in names:
        try:
            os.setxattr(descriptor, name, os.getxattr(target, name))
        except OSError as error:
            if error.errno not in _XATTR_SKIPPED:
                raise


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


def stale_temporaries(path: Path) -> list[tuple[Path, int]]:
    """The temporary files left beside the file at `path` by writers that are dead (killed
    mid-write), with their pids: only names of this program's pattern, regular files, whose
    writer no longer runs."""
    target = Path(os.path.realpath(path))
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    found = []
    for name in sorted(names):
        match = _TEMPORARY.fullmatch(name)
        if match is None or match["name"] != target.name:
            continue
        pid = int(match["pid"])
        candidate = target.parent / name
        try:
            regular = stat.S_ISREG(os.lstat(candidate).st_mode)
        except OSError:
            continue
        if regular and not _running(pid):
            found.append((candidate, pid))
    return found


def remove_stale_temporaries(path: Path) -> list[tuple[Path, int]]:
    """Remove what `stale_temporaries` finds; what was removed."""
    removed = []
    for candidate, pid in stale_temporaries(path):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.unlink(candidate)
            removed.append((candidate, pid))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    except OverflowError:
        return False
    return True


class _Ended(BaseException):
    """A SIGTERM or SIGHUP arrived: unwinds through every `finally`, which clean up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _end(signum: int, frame: FrameType | None) -> None:
    raise _Ended(signum)


@contextlib.contextmanager
def removed_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP unwind it (so that its temporary file and
    lock are removed), then end the process as they would have; the handlers before are
    restored after. A signal that is ignored (nohup) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in CLEANED_UP_ON:
        handler = signal.getsignal(signum)
        if handler is not signal.SIG_IGN and handler is not None:
            previous[signum] = signal.signal(signum, _end)
    ended = None
    try:
        yield
    except _Ended as caught:
        ended = caught.signum
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if ended is not None:
        signal.raise_signal(ended)
        raise DealtimelineError.failure(
            f"stopped by {signal.Signals(ended).name}; nothing was written"
        )


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGTERM and SIGHUP wait until the block is done: a file is never created or renamed
    without the writer knowing it."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, CLEANED_UP_ON)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


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
