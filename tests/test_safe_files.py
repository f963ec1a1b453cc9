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


# --- special files and the size limit (items 8, 15, 17) ----------------------------------


def _limited_memory() -> None:
    """At most 1 GiB of address space, so that a reader without a bound fails fast."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def bounded(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dealtimeline", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})},
        preexec_fn=_limited_memory,
    )


def test_a_fifo_as_store_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "events.yaml"
    os.mkfifo(fifo)
    result = program("--store", str(fifo), "list")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {fifo}: this is a named pipe (FIFO), not a store file\n"
        "give the path of a .yaml file\n"
    )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_store_is_refused(device: str) -> None:
    result = bounded("--store", device, "list")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {device}: this is a character device, not a store file\n"
        "give the path of a .yaml file\n"
    )


def test_dev_stdin_is_read_within_the_limit() -> None:
    result = program(
        "--store", "/dev/stdin", "list", input="a" * 1_500_000, env={"DEALTIMELINE_MAX_MB": "1"}
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: /dev/stdin: the input is over the 1 MiB limit\n"
        "raise the limit with DEALTIMELINE_MAX_MB=<megabytes> if the file is right\n"
    )


def test_a_process_substitution_is_read_within_the_limit_and_not_cached(
    tmp_path: Path,
) -> None:
    command = f'"{sys.executable}" -m dealtimeline --store <(cat "{TINY}") list'
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=TIMEOUT, env=environment
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert "Microsoft invests $1B in OpenAI" in result.stdout
    assert _entries() == []
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 1_500_000)
    command = f'"{sys.executable}" -m dealtimeline --store <(cat "{big}") list'
    result = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**environment, "DEALTIMELINE_MAX_MB": "1"},
    )
    assert result.returncode == 1
    assert "the input is over the 1 MiB limit" in result.stderr


def test_dash_reads_standard_input_within_the_limit_and_is_never_cached() -> None:
    expected = run("--store", str(TINY), "list")
    for entry in _entries():
        entry.unlink()
    result = run("--store", "-", "list", input=TINY.read_text())
    assert (result.code, result.stdout, result.stderr) == (0, expected.stdout, "")
    assert _entries() == []
    result = run("list", input="a" * 1_500_000, env={"DEALTIMELINE_STORE": "-"})
    assert result.code == 1  # within the default limit, so parsed: and not a store
    assert result.stderr.startswith("<stdin>:1:1: the top level is text, not a mapping")
    big = "a" * 1_500_000
    limited = program("--store", "-", "list", input=big, env={"DEALTIMELINE_MAX_MB": "1"})
    assert limited.returncode == 1
    assert limited.stderr == (
        "Error: <stdin>: the input is over the 1 MiB limit\n"
        "raise the limit with DEALTIMELINE_MAX_MB=<megabytes> if the file is right\n"
    )


def test_add_refuses_standard_input() -> None:
    result = run(*add(Path("-")), input=TINY.read_text())
    assert result.code == 1
    assert result.stderr == (
        "Error: <stdin>: standard input cannot be written to\n"
        "give the path of your store with --store or DEALTIMELINE_STORE\n"
    )


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_special_archive_files_are_refused(store: Path, tmp_path: Path, kind: str) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    text = store.read_text().replace("title: A new chapter", "title: A new chapter", 1)
    store.write_text(text)
    named = [line.split(":", 1)[1].strip() for line in text.splitlines() if "archive:" in line]
    assert named, "the tiny store names an archive file"
    target = archive / named[0]
    if kind == "fifo":
        os.mkfifo(target)
        words = "a named pipe (FIFO)"
    else:
        target.symlink_to("/dev/zero")
        words = "a character device"
    result = bounded("validate", str(store), "--archive", str(archive))
    assert result.returncode == 1
    assert f"cannot read archive '{target}': this is {words}, not a text file" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_archive_file_over_the_limit_is_refused(store: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "blog.txt").write_bytes(b"a" * 1_500_000)
    result = program(
        "validate", str(store), "--archive", str(archive), env={"DEALTIMELINE_MAX_MB": "1"}
    )
    assert result.returncode == 1
    assert "blog.txt': the file is 1.4 MiB, over the 1 MiB limit" in result.stderr


@pytest.mark.parametrize("value", ["inf", "nan", "1e400", "-1", "0", "abc", "-inf"])
def test_an_invalid_size_limit_is_a_usage_error(store: Path, value: str) -> None:
    result = run("--store", str(store), "list", env={"DEALTIMELINE_MAX_MB": value})
    assert result.code == 2
    assert result.stderr == (
        f"Error: DEALTIMELINE_MAX_MB={value} is not a size in megabytes\n"
        "give a positive number, such as 64 (the default)\n"
    )


def test_a_valid_size_limit_is_used(store: Path) -> None:
    assert run("--store", str(store), "list", env={"DEALTIMELINE_MAX_MB": "0.5"}).code == 0
    result = run("--store", str(store), "list", env={"DEALTIMELINE_MAX_MB": "0.001"})
    assert result.code == 1
    assert "over the" in result.stderr


def test_an_unreadable_store_exits_1_through_the_option_and_the_variable(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the store unreadable to it too
        real_access, real_open = os.access, os.open

        def no_access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
            if str(path) == str(store) and mode & os.R_OK:
                return False
            return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

        def no_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
            if str(path) == str(store):
                raise PermissionError(13, os.strerror(13), str(path))
            return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", no_access)
        monkeypatch.setattr(os, "open", no_open)
    expected = f"Error: {store}: cannot read the file: Permission denied\ncheck its permissions\n"
    through_option = run("--store", str(store), "list")
    through_variable = run("list", env={"DEALTIMELINE_STORE": str(store)})
    through_validate = run("validate", str(store))
    monkeypatch.undo()
    store.chmod(0o644)
    assert (through_option.code, through_option.stderr) == (1, expected)
    assert (through_variable.code, through_variable.stderr) == (1, expected)
    assert (through_validate.code, through_validate.stderr) == (1, expected)


# --- the parse cache (items 2, 3, 4, 11, 19) ---------------------------------------------


def _folder() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "dealtimeline"


def _entries() -> list[Path]:
    folder = _folder()
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _entry_for(store: Path) -> Path:
    """Where the cache keeps `store`: made by a first run, then its name."""
    assert run("--store", str(store), "list").code == 0
    (entry,) = _entries()
    return entry


def test_a_symlink_at_the_cache_entry_is_never_followed(store: Path, tmp_path: Path) -> None:
    entry = _entry_for(store)
    entry.unlink()
    victim = tmp_path / "bashrc"
    victim.write_text("alias ll='ls -l'\n")
    entry.symlink_to(victim)
    result = run("--store", str(store), "list")
    assert (result.code, result.stderr) == (0, "")
    assert victim.read_text() == "alias ll='ls -l'\n"
    assert not entry.is_symlink()  # replaced by an entry of our own
    assert run("--store", str(store), "list").stdout == result.stdout


def test_a_symlinked_cache_folder_is_not_used(store: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    _folder().parent.mkdir(parents=True, exist_ok=True)
    _folder().symlink_to(elsewhere)
    assert run("--store", str(store), "list").code == 0
    assert list(elsewhere.iterdir()) == []


def _forge(entry: Path) -> None:
    import json

    content = json.loads(entry.read_bytes())
    content["store"]["events"][0][2] = "FORGED: Microsoft sells OpenAI for $1"
    entry.write_text(json.dumps(content))


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_an_entry_planted_in_a_shared_cache_folder_is_never_read(store: Path, mode: int) -> None:
    expected = run("--store", str(store), "--no-cache", "list").stdout
    entry = _entry_for(store)
    _forge(entry)
    _folder().chmod(mode)
    result = run("--store", str(store), "list")
    assert (result.code, result.stdout) == (0, expected)
    assert "FORGED" not in result.stdout


def test_an_entry_of_another_owner_is_never_read(store: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file away needs root")
    expected = run("--store", str(store), "--no-cache", "list").stdout
    entry = _entry_for(store)
    _forge(entry)
    os.chown(entry, 65534, 65534)
    assert run("--store", str(store), "list").stdout == expected


def test_a_cache_folder_of_another_owner_is_never_used(store: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a folder away needs root")
    expected = run("--store", str(store), "--no-cache", "list").stdout
    entry = _entry_for(store)
    _forge(entry)
    os.chown(_folder(), 65534, 65534)
    assert run("--store", str(store), "list").stdout == expected


def test_a_fifo_planted_as_the_cache_entry_is_a_miss(store: Path) -> None:
    entry = _entry_for(store)
    entry.unlink()
    os.mkfifo(entry)
    result = program("--store", str(store), "list")
    assert (result.returncode, result.stderr) == (0, "")
    assert "Microsoft invests $1B in OpenAI" in result.stdout


def test_a_link_to_dev_zero_as_the_cache_entry_is_a_miss(store: Path) -> None:
    entry = _entry_for(store)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    result = bounded("--store", str(store), "list")
    assert (result.returncode, result.stderr) == (0, "")


def test_a_cache_entry_over_the_bound_is_a_miss(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dealtimeline.store import cache, reader

    entry = _entry_for(store)
    entry.write_bytes(entry.read_bytes() + b" " * (cache.entry_limit() + 1))
    calls: list[str] = []
    real_parse = reader.parse_store

    def counted(data: bytes, file: str) -> object:
        calls.append(file)
        return real_parse(data, file)

    monkeypatch.setattr(reader, "parse_store", counted)
    assert run("--store", str(store), "list").code == 0
    assert calls == [str(store)]


def _damage(entry: Path, change: object) -> None:
    import json

    content = json.loads(entry.read_bytes())
    change(content)  # type: ignore[operator]
    entry.write_text(json.dumps(content))


def _set(path: tuple[object, ...], value: object) -> object:
    def change(content: dict[str, object]) -> None:
        target: object = content["store"]
        for step in path[:-1]:
            target = target[step]  # type: ignore[index]
        target[path[-1]] = value  # type: ignore[index]

    return change


@pytest.mark.parametrize(
    "change",
    [
        _set(("events", 0, 2), 12345),  # a title that is a number
        _set(("events", 0, 1), 2019),  # a date that is a number
        _set(("events", 0, 4), "openai"),  # companies as text, not a list
        _set(("events", 0, 4), ["nobody"]),  # a company the store does not have
        _set(("events", 0, 5), [["nowhere", "words", False, 1, 1]]),  # an unknown source
        _set(("events", 0, 7), "rumoured"),  # a status that does not exist
        _set(("events", 0, 10), "first"),  # a position that is not a number
        _set(("events", 0, 8), [True, "USD", None]),  # an amount that is a yes
        _set(("events", 0), ["too", "short"]),
        _set(("companies", 0), {"id": "microsoft"}),
        _set(("sources", 0, 6), "gossip"),  # a grade that does not exist
        _set(("terms",), None),
    ],
)
def test_a_cache_entry_of_wrong_types_is_a_miss(store: Path, change: object) -> None:
    expected = run("--store", str(store), "--no-cache", "list").stdout
    entry = _entry_for(store)
    _damage(entry, change)
    for command in (["list"], ["show", "invest-2019"], ["state"], ["companies"]):
        result = run("--store", str(store), *command)
        assert result.code == 0, (command, result.stderr)
        assert result.stderr == ""
    assert run("--store", str(store), "list").stdout == expected


def test_the_cache_folder_and_entries_are_private(tmp_path: Path, store: Path) -> None:
    home = tmp_path / "fresh" / "cache"
    old = os.umask(0o022)
    try:
        store.chmod(0o600)
        result = run("--store", str(store), "list", env={"XDG_CACHE_HOME": str(home)})
    finally:
        os.umask(old)
    assert result.code == 0
    folder = home / "dealtimeline"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(home.stat().st_mode) == 0o700  # made by us too
    assert stat.S_IMODE((tmp_path / "fresh").stat().st_mode) == 0o700
    (entry,) = folder.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_a_store_path_that_is_not_utf8_is_cached(tmp_path: Path) -> None:
    odd = tmp_path / os.fsdecode(b"caf\xe9.yaml")
    shutil.copyfile(TINY, odd)
    first = run("--store", str(odd), "list")
    assert (first.code, first.stderr) == (0, "")
    assert len(_entries()) == 1
    assert run("--store", str(odd), "list").stdout == first.stdout


def test_a_relative_cache_home_is_ignored(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(home))
    result = run("--store", str(store), "list", env={"XDG_CACHE_HOME": "relative"})
    assert result.code == 0
    assert not (tmp_path / "relative").exists()
    assert len(list((home / ".cache" / "dealtimeline").iterdir())) == 1


def test_only_regular_files_are_cached(tmp_path: Path) -> None:
    result = program("--store", "/dev/stdin", "list", input=TINY.read_text())
    assert (result.returncode, result.stderr) == (0, "")
    assert _entries() == []
