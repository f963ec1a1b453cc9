"""Trying to lose data: many writers at once, and writers killed at every point of a write.

Run with `pytest -s` to see the figures.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NoReturn

import pytest

from dealtimeline.cli import app
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.store.reader import parse_store
from tests.helpers import TINY, run

WRITERS = 24
ROUNDS_AT_POINTS = 100
ROUNDS_AT_RANDOM = 100
# The calls a writer announces and waits at, and the five moments of an add they mark.
POINTS = ("fsync", "fchmod", "replace", "unlink")
MOMENTS = (
    "temporary file written, not synced",
    "temporary file synced, mode not set",
    "before the rename",
    "renamed, folder not synced",
    "written, lock not yet removed",
)
RANDOM = "at a random moment of a loop of adds"


def add_args(store: Path, title: str, *extra: str) -> list[str]:
    return [
        "add",
        "--store",
        str(store),
        "--date",
        "2026-11",
        "--title",
        title,
        "--kind",
        "report",
        "-c",
        "openai",
        "--source",
        "blog-2025",
        "--quote",
        "words",
        *extra,
    ]


def test_concurrent_adds_keep_every_event(tmp_path: Path) -> None:
    store = tmp_path / "events.yaml"
    shutil.copyfile(TINY, store)
    warm_up()
    start_read, start_write = os.pipe()
    report_read, report_write = os.pipe()
    writers = []
    for _ in range(WRITERS):
        pid = os.fork()
        if pid == 0:
            os.close(start_write)
            _concurrent_writer(store, start_read, report_write)
        writers.append(pid)
    os.close(report_write)
    os.close(start_write)  # all writers start at once
    with os.fdopen(report_read, "rb") as reports:
        outputs = sorted(line.decode() for line in reports)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in writers]
    ids = ["same-title-2026"] + [f"same-title-2026-{n}" for n in range(2, WRITERS + 1)]
    assert outputs == sorted(f"0 Added event '{i}' to {store}\n" for i in ids)
    assert codes == [0] * WRITERS
    loaded = parse_store(store.read_bytes(), str(store))
    kept = [event.id for event in loaded.events if event.id.startswith("same-title")]
    print(f"\nconcurrent adds: {len(kept)} of {WRITERS} kept")
    assert sorted(kept) == sorted(ids)
    assert store.read_bytes().startswith(TINY.read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]


def _concurrent_writer(store: Path, start: int, report: int) -> NoReturn:
    """A forked writer: waits for the start, runs one real `add`, reports its code and output."""
    code = 1
    try:
        os.read(start, 1)
        with contextlib.redirect_stdout(io.StringIO()) as output:
            code = app(add_args(store, "Same title"), standalone_mode=False)
        os.write(report, f"{code} {output.getvalue()}".encode())
    finally:
        os._exit(code)


def warm_up() -> None:
    """One add in this process first, so that each forked writer starts with everything
    imported, as a running writer would, and random kills spread over adds, not imports."""
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "events.yaml"
        shutil.copyfile(TINY, store)
        with contextlib.redirect_stdout(io.StringIO()):
            assert app(add_args(store, "Warm-up"), standalone_mode=False) == 0


class _Tally:
    """What the kill rounds saw."""

    def __init__(self) -> None:
        self.reported = 0
        self.unreported = 0
        self.states = 0
        self.partial = 0
        self.stale_locks = 0
        self.temporary_files = 0
        self.kills: Counter[str] = Counter()

    def observe(self, store: Path, previous: bytes) -> bytes:
        """Read the store as any reader could; it must be valid and only ever grow."""
        data = store.read_bytes()
        self.states += 1
        try:
            parse_store(data, str(store))
        except DealtimelineError:
            self.partial += 1
        else:
            self.partial += not data.startswith(previous)
        return data


def _writer(store: Path, round_number: int, report: int, go: int | None) -> NoReturn:
    """A forked writer: real `add` commands in a tight loop, each reported when done. With
    `go`, it says when it reaches each call in POINTS and waits for the word to go on."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        if go is not None:
            for name in POINTS:
                setattr(os, name, _pausing(name, getattr(os, name), report, go))
        os.write(report, b"ready\n")
        number = 0
        while True:
            event_id = f"crash-{round_number}-{number}"
            code = app(add_args(store, "Crash", "--id", event_id), standalone_mode=False)
            os.write(report, f"{'done' if code == 0 else 'failed'} {event_id}\n".encode())
            number += 1
    finally:
        os._exit(1)


def _pausing(name: str, real: Callable[..., object], report: int, go: int) -> Callable[..., object]:
    def pause(*args: object, **kwargs: object) -> object:
        os.write(report, f"point {name}\n".encode())
        os.read(go, 1)
        return real(*args, **kwargs)

    return pause


def _lines(stream: BinaryIO) -> Iterator[tuple[str, str]]:
    for line in stream:
        kind, _, name = line.decode().strip().partition(" ")
        yield kind, name


def _kill_round(
    store: Path, round_number: int, rng: random.Random, tally: _Tally, target: int | None
) -> None:
    """Start a writer, kill it at the `target`-th point of its writes (None: at a random
    moment), and check the store and every add the writer reported."""
    start = store.read_bytes()
    report_read, report_write = os.pipe()
    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        _writer(store, round_number, report_write, None if target is None else go_read)
    os.close(report_write)
    os.close(go_read)
    done: list[str] = []
    with os.fdopen(report_read, "rb") as reports:
        lines = _lines(reports)
        assert next(lines) == ("ready", "")
        if target is not None:
            reached = 0
            for kind, name in lines:
                if kind == "point" and reached == target:
                    break
                if kind == "point":
                    reached += 1
                    os.write(go_write, b"g")
                else:
                    assert kind == "done", name
                    done.append(name)
        else:
            # Let it finish 0 to 2 adds, then read the store as it goes on, 0 to 19 times
            # (an add lasts about as long as 10 reads), and kill it.
            for _ in range(rng.randrange(3)):
                kind, name = next(lines)
                assert kind == "done", name
                done.append(name)
            seen = start
            for _ in range(rng.randrange(20)):
                seen = tally.observe(store, seen)
        tally.kills[MOMENTS[target % len(MOMENTS)] if target is not None else RANDOM] += 1
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(go_write)
        for kind, name in lines:
            assert kind == "done", name
            done.append(name)
    tally.observe(store, start)
    prefix = f"crash-{round_number}-"
    events = parse_store(store.read_bytes(), str(store)).events
    kept = [event.id for event in events if event.id.startswith(prefix)]
    assert kept[: len(done)] == done
    assert kept[len(done) :] in ([], [f"{prefix}{len(done)}"])
    tally.reported += len(done)
    tally.unreported += len(kept) - len(done)
    lock_file = store.with_name(store.name + ".lock")
    tally.stale_locks += lock_file.exists()
    for leftover in store.parent.glob(".events.yaml.*"):
        tally.temporary_files += 1
        leftover.unlink()


def test_writers_killed_mid_write_never_leave_a_partial_file(tmp_path: Path) -> None:
    store = tmp_path / "events.yaml"
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    tally = _Tally()
    warm_up()
    # Each point of the first and second add of a writer, in turn, and random moments.
    targets: list[int | None] = [n % (2 * len(MOMENTS)) for n in range(ROUNDS_AT_POINTS)]
    targets += [None] * ROUNDS_AT_RANDOM
    rng.shuffle(targets)
    for number, target in enumerate(targets):
        if number % 5 == 0:
            shutil.copyfile(TINY, store)
        _kill_round(store, number, rng, tally, target)
    print(
        f"\nkill test (seed {seed}): {len(targets)} writers killed with SIGKILL"
        + "".join(f"\n  {tally.kills[moment]:3} {moment}" for moment in (*MOMENTS, RANDOM))
        + f"\n  adds kept: {tally.reported} reported done + {tally.unreported} done but "
        f"killed before reporting, 0 lost\n  file states checked: {tally.states}, partial: "
        f"{tally.partial}\n  stale locks taken over: {tally.stale_locks}, temporary files "
        f"left by killed writers: {tally.temporary_files}"
    )
    assert tally.partial == 0
    assert tally.states >= len(targets)
    assert sum(tally.kills.values()) == len(targets)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_writer_stopped_by_a_signal_removes_its_temporary_file_and_lock(
    tmp_path: Path, signum: int
) -> None:
    store = tmp_path / "events.yaml"
    shutil.copyfile(TINY, store)
    report_read, report_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            real_fsync = os.fsync

            def fsync_slowly(descriptor: int) -> None:
                os.write(report_write, b"writing\n")
                time.sleep(30)
                real_fsync(descriptor)

            os.fsync = fsync_slowly  # type: ignore[assignment]
            app(add_args(store, "Stopped"), standalone_mode=False)
        finally:
            os._exit(3)
    os.close(report_write)
    with os.fdopen(report_read, "rb") as reports:
        assert reports.readline() == b"writing\n"
        assert sorted(p.name for p in tmp_path.iterdir()) != ["events.yaml"]
        os.kill(pid, signum)
        status = os.waitpid(pid, 0)[1]
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signum
    assert store.read_bytes() == TINY.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


@pytest.mark.parametrize("command", ["add", "validate"])
def test_temporary_files_of_dead_writers_are_removed_and_said(tmp_path: Path, command: str) -> None:
    store = tmp_path / "events.yaml"
    shutil.copyfile(TINY, store)
    dead, alive = _dead_pid(), os.getpid()
    stale = tmp_path / f".events.yaml.{dead}.0123abcd.tmp"
    kept = [
        f".events.yaml.{alive}.0123abcd.tmp",  # a writer at work
        f".other.yaml.{dead}.0123abcd.tmp",  # another file's
        ".events.yaml.notours",  # not this program's
        f".events.yaml.{dead}.0123abcd.tmp.bak",
    ]
    for name in [stale.name, *kept]:
        (tmp_path / name).write_bytes(TINY.read_bytes())
    args = add_args(store, "After a crash") if command == "add" else ["validate", str(store)]
    result = run(*args)
    assert result.code == 0
    assert result.stderr == (
        f"Removed {stale.resolve()}, left by a writer that was stopped mid-write (pid {dead})\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["events.yaml", *kept])


_SIGNALLED_WHILE_LOCKING = """
import os, signal, sys
from pathlib import Path
from dealtimeline.store import atomic, lock

real_open = lock._open

def open_then_signalled(*args):
    found = real_open(*args)
    os.kill(os.getpid(), signal.{signal})
    return found

lock._open = open_then_signalled
with atomic.removed_on_signals(), lock.locked(Path(sys.argv[1])):
    pass
"""


@pytest.mark.parametrize("signum", ["SIGTERM", "SIGHUP"])
def test_a_signal_as_the_lock_file_is_made_leaves_no_lock_file(tmp_path: Path, signum: str) -> None:
    """The signal comes just after the lock file is created, before the writer holds it:
    it is let through only once the writer knows the file, which is then removed."""
    import subprocess
    import sys

    store = tmp_path / "s.yaml"
    shutil.copyfile(TINY, store)
    done = subprocess.run(
        [sys.executable, "-c", _SIGNALLED_WHILE_LOCKING.replace("{signal}", signum), str(store)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == -getattr(signal, signum), done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]
