"""Files the tool creates or reads beside a store: the lock, the parse cache, special files.

Each test plants what a careless user or a hostile neighbour could leave there.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import TINY, run

TIMEOUT = 30


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    shutil.copyfile(TINY, path)
    return path


def add(path: Path) -> list[str]:
    return [
        "add",
        "--store",
        str(path),
        "--date",
        "2026-03",
        "--kind",
        "capacity",
        "--title",
        "Oracle adds capacity",
        "-c",
        "oracle",
        "-c",
        "openai",
        "--source",
        "paper-2019",
        "--quote",
        "more capacity",
    ]


def program(
    *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed program in a process of its own, killed if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "dealtimeline", *args],
        capture_output=True,
        text=True,
        input=input,
        timeout=TIMEOUT,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})},
    )


# --- the lock file (items 1 and 16) --------------------------------------------------------


def test_a_lock_file_that_links_to_the_store_is_refused_and_the_store_kept(store: Path) -> None:
    lock_file = store.with_name("events.yaml.lock")
    lock_file.symlink_to(store.name)
    result = run(*add(store))
    assert result.code == 1
    assert result.stderr == (
        f"Error: {store}: the lock file {lock_file} is a symbolic link, not a lock file "
        "dealtimeline made; the store was left as it was\n"
        "remove it if no dealtimeline is writing this store\n"
    )
    assert store.read_bytes() == TINY.read_bytes()
    assert lock_file.is_symlink()


def test_a_lock_file_that_links_elsewhere_never_clobbers_its_target(
    store: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("alias ll='ls -l'\n")
    store.with_name("events.yaml.lock").symlink_to(victim)
    assert run(*add(store)).code == 1
    assert victim.read_text() == "alias ll='ls -l'\n"
    assert store.read_bytes() == TINY.read_bytes()


def test_a_lock_file_that_is_a_fifo_is_refused_at_once(store: Path) -> None:
    lock_file = store.with_name("events.yaml.lock")
    os.mkfifo(lock_file)
    result = program(*add(store))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {store}: the lock file {lock_file} is a named pipe (FIFO), not a lock file "
        "dealtimeline made; the store was left as it was\n"
        "remove it if no dealtimeline is writing this store\n"
    )
    assert store.read_bytes() == TINY.read_bytes()


def test_a_lock_file_that_is_a_device_is_refused(store: Path) -> None:
    lock_file = store.with_name("events.yaml.lock")
    try:
        os.mknod(lock_file, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("making a device needs CAP_MKNOD")
    result = program(*add(store))
    assert result.returncode == 1
    assert "is a character device, not a lock file dealtimeline made" in result.stderr
    assert store.read_bytes() == TINY.read_bytes()


def test_a_stale_lock_file_is_never_truncated_or_written(store: Path) -> None:
    """A regular file left at the lock's place is locked and removed, never rewritten: a
    hard link to it (here, a second name for it) keeps its bytes."""
    lock_file = store.with_name("events.yaml.lock")
    lock_file.write_text("precious\n")
    other_name = store.with_name("precious.txt")
    os.link(lock_file, other_name)
    result = run(*add(store))
    assert (result.code, result.stderr) == (0, "")
    assert other_name.read_text() == "precious\n"
    assert not lock_file.exists()
