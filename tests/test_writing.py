"""`init` and `add`: every byte of the store kept, every failure refused whole, exact messages."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealtimeline.cli import writing
from dealtimeline.core.dates import parse_store_date
from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.model import Amount, Change, Citation
from dealtimeline.store import atomic, lock, writer
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store, parse_store
from tests.helpers import DATA, TINY, run

ROOT_USER = os.geteuid() == 0
NEW = """\
  - id: oracle-adds-capacity-2026
    date: 2026-03
    title: Oracle adds capacity
    kind: capacity
    companies: [oracle, openai]
    sources:
      - source: rumour-2024
        quote: "more capacity"
"""
HEAD = """\
version: 1
companies:
  openai:
    name: OpenAI
sources:
  s1:
    title: A title
    publisher: A publisher
    published: 2024-06-12
"""
EVENT = """\
  - id: e1
    date: 2024
    title: One
    kind: capacity
    companies: [openai]
    sources:
      - source: s1
        quote: "words"
"""
SMALL_NEW = """\
  - id: two-2025
    date: 2025
    title: Two
    kind: capacity
    companies: [openai]
    sources:
      - source: s1
        quote: "more words"
"""


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    shutil.copyfile(TINY, path)
    return path


def add(
    path: Path,
    *extra: str,
    title: str = "Oracle adds capacity",
    companies: tuple[str, str] = ("ORCL", "openai"),
    source: str = "rumour-2024",
) -> list[str]:
    return [
        "add",
        "--store",
        str(path),
        "--date",
        "2026-03",
        "--title",
        title,
        "--kind",
        "capacity",
        "-c",
        companies[0],
        "-c",
        companies[1],
        "--source",
        source,
        "--quote",
        "more capacity",
        *extra,
    ]


def small_event(title: str = "Two", quote: str = "more words") -> writer.NewEvent:
    return writer.NewEvent(
        date=parse_store_date("2025"),
        title=title,
        kind="capacity",
        companies=("openai",),
        citation=Citation("s1", quote),
    )


def added_text(text: str) -> str:
    """The whole new file after adding `small_event()` to a store written as `text`."""
    return writer.plan_addition(text.encode(), "s.yaml", small_event()).data.decode()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "events.yaml")


# --- init ---------------------------------------------------------------------------------


def test_init_copies_the_bundled_store_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.code == 0
    assert result.stdout == (
        "Created events.yaml, a copy of the bundled store.\n"
        "Use it with --store, or set DEALTIMELINE_STORE for every command:\n"
        "  dealtimeline list --store events.yaml\n"
        f"  export DEALTIMELINE_STORE={tmp_path / 'events.yaml'}\n"
        "Add an event: dealtimeline add --store events.yaml\n"
    )
    assert (tmp_path / "events.yaml").read_bytes() == bundled_store().read_bytes()
    assert stat.S_IMODE((tmp_path / "events.yaml").stat().st_mode) == 0o666 & ~_umask()
    assert leftovers(tmp_path) == []


def test_init_into_a_folder_and_a_path_with_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "my deals"
    folder.mkdir()
    result = run("init", str(folder))
    assert result.code == 0
    assert f"  dealtimeline list --store '{folder / 'events.yaml'}'\n" in result.stdout
    assert (folder / "events.yaml").read_bytes() == bundled_store().read_bytes()


def test_init_never_overwrites(store: Path) -> None:
    result = run("init", str(store))
    assert result.code == 1
    assert result.stderr == (
        f"Error: {store}: already exists; init never overwrites a file\n"
        "give another PATH, or use this store as it is with --store\n"
    )
    assert store.read_bytes() == TINY.read_bytes()


def test_init_into_a_missing_folder(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "nowhere" / "events.yaml"))
    assert result.code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'nowhere' / 'events.yaml'}: the folder does not exist\n"
        "create it first, or give another PATH\n"
    )


def test_a_file_created_meanwhile_is_not_overwritten(store: Path) -> None:
    with pytest.raises(DealtimelineError) as caught:
        atomic.write_atomically(store, b"new", replace=False)
    assert str(caught.value) == (
        f"{store}: cannot write the file: File exists; it was left as it was; "
        "check the folder exists, is writable and has free space"
    )
    assert store.read_bytes() == TINY.read_bytes()
    assert leftovers(store.parent) == []


def test_without_hard_links_a_new_file_is_still_never_overwritten(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: Path) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    with pytest.raises(DealtimelineError, match="File exists; it was left as it was"):
        atomic.write_atomically(store, b"new", replace=False)
    assert store.read_bytes() == TINY.read_bytes()
    atomic.write_atomically(store.with_name("other.yaml"), b"new", replace=False)
    assert store.with_name("other.yaml").read_bytes() == b"new"
    assert leftovers(store.parent) == ["other.yaml"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# --- add: what it writes ------------------------------------------------------------------


def test_add_appends_the_event_and_keeps_every_byte(store: Path) -> None:
    result = run(*add(store))
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == f"Added event 'oracle-adds-capacity-2026' to {store}\n"
    assert store.read_bytes() == TINY.read_bytes() + b"\n" + NEW.encode()
    event = load_store(store).event("oracle-adds-capacity-2026")
    assert event is not None
    assert (event.title, event.companies, event.date.iso) == (
        "Oracle adds capacity",
        ("oracle", "openai"),
        "2026-03",
    )
    assert leftovers(store.parent) == []


def test_every_field_and_the_options_before_the_command(store: Path) -> None:
    result = run(
        "--store",
        str(store),
        "add",
        *add(store)[3:],
        "--id",
        "big-one",
        "--summary",
        "A summary: with a colon",
        "--status",
        "Reported",
        "--amount",
        "1.5bn",
        "--currency",
        "eur",
        "--term",
        "oracle-capacity",
        "--value",
        "5 GW",
        "--term",
        "cloud-exclusivity",
        "--value",
        "NO",
        "--ends",
        "oracle-capacity",
    )
    assert (result.code, result.stderr) == (0, ""), result.stderr
    assert store.read_text().endswith(
        "\n  - id: big-one\n"
        "    date: 2026-03\n"
        "    title: Oracle adds capacity\n"
        "    summary: 'A summary: with a colon'\n"
        "    kind: capacity\n"
        "    companies: [oracle, openai]\n"
        "    status: reported\n"
        "    amount:\n"
        "      value: 1500000000\n"
        "      currency: EUR\n"
        "    sources:\n"
        "      - source: rumour-2024\n"
        '        quote: "more capacity"\n'
        "    changes:\n"
        "      - term: oracle-capacity\n"
        "        value: 5 GW\n"
        "      - term: cloud-exclusivity\n"
        "        value: 'NO'\n"
        "      - term: oracle-capacity\n"
        "        ends: true\n"
    )
    event = load_store(store).event("big-one")
    assert event is not None
    assert event.amount == Amount(1500000000, "EUR")
    assert event.changes == (
        Change("oracle-capacity", "5 GW"),
        Change("cloud-exclusivity", "NO"),
        Change("oracle-capacity", None),
    )


def test_the_store_from_the_environment(store: Path) -> None:
    args = [a for a in add(store) if a not in ("--store", str(store))]
    result = run(*args, env={"DEALTIMELINE_STORE": str(store)})
    assert result.code == 0
    assert store.read_bytes() == TINY.read_bytes() + b"\n" + NEW.encode()


def test_ids_from_the_title_are_made_unique(store: Path) -> None:
    for _ in range(3):
        assert run(*add(store, title="Ünïcode & $30B: deal for 2026!")).code == 0
    ids = [e.id for e in load_store(store).events if e.id.startswith("unicode")]
    assert ids == [
        "unicode-30b-deal-for-2026",
        "unicode-30b-deal-for-2026-2",
        "unicode-30b-deal-for-2026-3",
    ]


def test_dry_run_prints_the_yaml_and_writes_nothing(store: Path) -> None:
    before = store.stat()
    result = run(*add(store), "--dry-run")
    assert result.code == 0
    assert result.stdout == NEW
    assert result.stderr == f"Dry run: nothing was written to {store}\n"
    assert store.read_bytes() == TINY.read_bytes()
    assert store.stat().st_mtime_ns == before.st_mtime_ns
    assert leftovers(store.parent) == []


def test_it_asks_for_what_is_missing_in_a_terminal(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "_interactive", lambda: True)
    answers = "2026-03\nOracle adds capacity\ncapacity\nORCL, openai\nrumour-2024\nmore capacity\n"
    result = run("add", "--store", str(store), input=answers)
    assert result.code == 0
    assert result.stdout == (
        "Date (YYYY, YYYY-MM or YYYY-MM-DD): 2026-03\n"
        "Title: Oracle adds capacity\n"
        "Kind (investment, capacity, partnership, terms, joint-venture, product, statement, "
        "report): capacity\n"
        "Companies (ids, names or aliases, separated by commas): ORCL, openai\n"
        "Source id: rumour-2024\n"
        "Quote (the source's words, verbatim): more capacity\n"
        f"Added event 'oracle-adds-capacity-2026' to {store}\n"
    )
    assert store.read_bytes() == TINY.read_bytes() + b"\n" + NEW.encode()


AWKWARD = [
    "NO",
    "yes",
    "~",
    "null",
    "10:30",
    "0012",
    "1e3",
    "2024-06-11",
    "a: b",
    "#tag",
    "a #b",
    "[x]",
    "{y: z}",
    "- dash",
    "*star",
    "&anchor",
    "!tag",
    "%percent",
    "@at",
    "`tick",
    "'single'",
    '"double"',
    "it's",
    "two\nlines",
    "ends with a newline\n",
    " leading and trailing ",
    "tab\there",
    "\x1b]0;title\x07",
    "line\u2028separator",
    "bidi \u202e",
    "---",
    "...",
    "|",
    ">",
    "? key",
    "snow ☃ and 😀",
    "\\ back\\slash",
    "x" * 300,
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_round_trips(text: str) -> None:
    old = (HEAD + "events:\n" + EVENT).encode()
    data = writer.plan_addition(old, "s.yaml", small_event(title=text, quote=text)).data
    assert data.startswith(old)
    event = parse_store(data, "s.yaml").events[-1]
    assert (event.title, event.citations[0].quote) == (text, text)


def test_an_awkward_title_through_the_cli(store: Path) -> None:
    assert run(*add(store, title="NO: #1 [x] 'q' \"d\"")).code == 0
    result = run("show", "no-1-x-q-d-2026", "--store", str(store), "--format", "json")
    assert '"title": "NO: #1 [x] \'q\' \\"d\\""' in result.stdout


@settings(max_examples=200, deadline=None)
@given(
    title=st.text(),
    summary=st.none() | st.text(),
    quote=st.text(min_size=1).filter(str.strip),
)
def test_any_text_round_trips(title: str, summary: str | None, quote: str) -> None:
    new = writer.NewEvent(
        date=parse_store_date("2025-06-01"),
        title=title,
        kind="report",
        companies=("openai",),
        citation=Citation("s1", quote),
        summary=summary,
    )
    data = writer.plan_addition((HEAD + "events:\n" + EVENT).encode(), "s.yaml", new).data
    event = parse_store(data, "s.yaml").events[-1]
    assert (event.title, event.summary, event.citations[0].quote) == (title, summary, quote)


# --- add: stores of every shape -----------------------------------------------------------


def test_comments_and_odd_formatting_are_kept_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    shutil.copyfile(DATA / "odd.yaml", path)
    old = path.read_bytes()
    assert not old.endswith(b"\n")
    result = run(*add(path, companies=("oci", "openai"), source="s1"))
    assert result.code == 0, result.stderr
    assert path.read_bytes() == old + (
        b"\n"
        b"- id: oracle-adds-capacity-2026\n"
        b"  date: 2026-03\n"
        b"  title: Oracle adds capacity\n"
        b"  kind: capacity\n"
        b"  companies: [oracle, openai]\n"
        b"  sources:\n"
        b"    - source: s1\n"
        b'      quote: "more capacity"\n'
    )


def test_events_that_are_not_last_go_before_the_next_key() -> None:
    text = HEAD + "events:\n" + EVENT + "\n# Terms\nterms: {}\n"
    assert added_text(text) == (
        HEAD + "events:\n" + EVENT + "\n# Terms\n" + SMALL_NEW + "terms: {}\n"
    )
    spaced = HEAD + "events:\n" + EVENT + "\n" + EVENT.replace("e1", "e2") + "\nterms: {}\n"
    assert added_text(spaced) == spaced.replace("\nterms:", "\n" + SMALL_NEW + "\nterms:")


def test_an_empty_list_becomes_a_block_list() -> None:
    text = HEAD + "events: []   # none yet\nterms: {}\n"
    assert added_text(text) == HEAD + "events:    # none yet\n" + SMALL_NEW + "terms: {}\n"
    text = HEAD + "events: []"
    assert added_text(text) == HEAD + "events: \n" + SMALL_NEW


def test_a_store_without_events_gets_its_list() -> None:
    assert added_text(HEAD) == HEAD + "\nevents:\n" + SMALL_NEW
    assert added_text(HEAD + "...\n") == HEAD + "\nevents:\n" + SMALL_NEW + "\n...\n"


def test_crlf_and_a_byte_order_mark_are_kept() -> None:
    text = "\ufeff" + (HEAD + "events:\n" + EVENT).replace("\n", "\r\n")
    assert added_text(text) == text + SMALL_NEW.replace("\n", "\r\n")


def test_flow_style_stores_are_refused_with_a_fix() -> None:
    with pytest.raises(DealtimelineError) as caught:
        added_text("{version: 1, companies: {openai: {name: OpenAI}}}\n")
    assert str(caught.value) == (
        "s.yaml: the store is written in flow style ({...}), so an event cannot be appended; "
        "write it in block style, one key a line, as 'dealtimeline init' does"
    )
    flow = "[{id: e1, date: 2024, title: One, kind: capacity, companies: [openai], sources: []}]"
    with pytest.raises(DealtimelineError) as caught:
        added_text(HEAD + f"events: {flow.replace('[]', '[{source: s1, quote: w}]')}\n")
    assert str(caught.value) == (
        "s.yaml: 'events' is written in flow style ([...]), so an event cannot be appended; "
        "write each event as a '- id: ...' item on lines of its own"
    )


def test_what_cannot_be_added_safely_is_refused_not_written() -> None:
    # A kept block scalar would take in the blank line that separates events.
    text = HEAD + "events:\n\n" + EVENT.replace('"words"\n', "|+\n          words\n")
    with pytest.raises(DealtimelineError) as caught:
        added_text(text)
    assert str(caught.value) == (
        "s.yaml: the event cannot be added to this file without changing what it holds; "
        "nothing was written; add the event by hand, and please report this"
    )


# --- add: refusals ------------------------------------------------------------------------


def test_the_bundled_store_is_never_written() -> None:
    expected = (
        f"Error: {bundled_store()}: this is the bundled store, which add never changes\n"
        "make your own copy with 'dealtimeline init', then use it with --store events.yaml "
        "or DEALTIMELINE_STORE=events.yaml\n"
    )
    before = bundled_store().read_bytes()
    for args in (
        add(bundled_store()),
        ["add", *add(bundled_store())[3:]],
        [*add(bundled_store()), "--dry-run"],
    ):
        result = run(*args)
        assert (result.code, result.stdout, result.stderr) == (1, "", expected)
    assert bundled_store().read_bytes() == before


def test_missing_options_are_named_in_one_line(store: Path) -> None:
    result = run("add", "--store", str(store), "--title", "  ", "-c", "oracle")
    assert result.code == 2
    assert result.stderr == (
        "Error: missing --date, --title, --kind, --source, --quote\n"
        "give them as options, or run 'dealtimeline add' in a terminal to be asked\n"
    )
    assert store.read_bytes() == TINY.read_bytes()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--date", "2024-13"],
            "Error: '2024-13' has month 13, which does not exist (--date)\n"
            "write YYYY, YYYY-MM or YYYY-MM-DD (2022, 2024-06, 2024-06-11)\n",
        ),
        (
            ["--kind", "capcity"],
            "Error: no kind 'capcity'\nDid you mean: capacity? Kinds: investment, capacity, "
            "partnership, terms, joint-venture, product, statement, report\n",
        ),
        (
            ["-c", "nvidia"],
            "Error: no company 'nvidia'\nRun 'dealtimeline companies' to see them.\n",
        ),
        (
            ["--status", "rumoured"],
            "Error: no status 'rumoured' (--status)\nStatuses: official, reported\n",
        ),
        (
            ["--amount", "lots"],
            "Error: 'lots' is not an amount (--amount)\n"
            "write a number such as 300000000000, 300B or 1.5bn\n",
        ),
        (["--currency", "EUR"], "Error: --currency needs --amount\ngive both, or neither\n"),
        (
            ["--term", "oracle-capacity"],
            "Error: 1 --term but 0 --value\n"
            "give each --term its --value, in order; --ends TERM empties a term\n",
        ),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(store: Path, extra: list[str], message: str) -> None:
    result = run(*add(store), *extra)
    assert (result.code, result.stderr) == (2, message)
    assert store.read_bytes() == TINY.read_bytes()


def test_arguments_that_are_not_utf8(store: Path) -> None:
    result = run(*add(store, title="caf\udce9"), "--value", "x", "--term", "\udcff")
    assert (result.code, result.stderr) == (
        2,
        "Error: --title is not UTF-8 text\ntype it again as UTF-8\n",
    )
    assert store.read_bytes() == TINY.read_bytes()


def test_an_invalid_event_writes_nothing_and_says_where(store: Path) -> None:
    result = run(
        *add(store),
        "--id",
        "rofr-2025",
        "--source",
        "blog-2O25",
        "--amount",
        "5",
        "--currency",
        "dollars",
    )
    assert result.code == 1
    assert result.stderr == (
        f"{store}:131:9: event id 'rofr-2025' is used twice (first at line 89); "
        "give each event its own id\n"
        f"{store}:138:17: currency 'DOLLARS' is not an ISO 4217 code; "
        "write three capital letters, such as USD\n"
        f"{store}:140:17: unknown source 'blog-2O25'; did you mean 'blog-2025'?\n"
        f"Error: {store}: 3 problems\n"
    )
    assert store.read_bytes() == TINY.read_bytes()
    assert leftovers(store.parent) == []


def test_an_invalid_store_is_not_added_to(store: Path) -> None:
    store.write_text(TINY.read_text().replace("kind: terms", "kind: termz", 1))
    before = store.read_bytes()
    result = run(*add(store))
    assert result.code == 1
    assert result.stderr == (
        f"{store}:92:11: unknown kind 'termz'; did you mean 'terms'? one of: investment, "
        "capacity, partnership, terms, joint-venture, product, statement, report\n"
        f"Error: {store}: 1 problem\n"
    )
    assert store.read_bytes() == before


def test_a_missing_store(tmp_path: Path) -> None:
    result = run(*add(tmp_path / "none.yaml"))
    assert result.code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'none.yaml'}: no such file\n"
        "check --store or DEALTIMELINE_STORE, or run 'dealtimeline init' to make a store\n"
    )
    assert list(tmp_path.iterdir()) == []


# --- add: the write -----------------------------------------------------------------------


def test_permissions_and_symlinks_are_kept(store: Path) -> None:
    store.chmod(0o640)
    link = store.with_name("link.yaml")
    link.symlink_to(store.name)
    assert run(*add(link)).code == 0
    assert link.is_symlink()
    assert stat.S_IMODE(store.stat().st_mode) == 0o640
    assert store.read_bytes() == TINY.read_bytes() + b"\n" + NEW.encode()
    assert leftovers(store.parent) == ["link.yaml"]


@pytest.mark.parametrize(
    ("function", "code", "reason"),
    [
        ("fsync", errno.ENOSPC, "No space left on device"),
        ("fsync", errno.EIO, "Input/output error"),
        ("replace", errno.EROFS, "Read-only file system"),
        ("replace", errno.EACCES, "Permission denied"),
    ],
)
def test_a_failing_write_leaves_the_store_untouched(
    store: Path, monkeypatch: pytest.MonkeyPatch, function: str, code: int, reason: str
) -> None:
    def failing(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, function, failing)
    result = run(*add(store))
    monkeypatch.undo()
    assert result.code == 1
    assert result.stderr == (
        f"Error: {store}: cannot write the file: {reason}; it was left as it was\n"
        "check the folder exists, is writable and has free space\n"
    )
    assert store.read_bytes() == TINY.read_bytes()
    assert leftovers(store.parent) == []


def test_a_read_only_store(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root may write any file, so as root the check is shown a read-only file.
    store.chmod(0o444)
    if ROOT_USER:
        real_access = os.access

        def access(path: str, mode: int, **kwargs: object) -> bool:
            return real_access(path, mode) and not (Path(path) == store and mode == os.W_OK)

        monkeypatch.setattr(os, "access", access)
    result = run(*add(store))
    assert result.code == 1
    assert result.stderr == (
        f"Error: {store}: the file is read-only; it was left as it was\n"
        f"make it writable (chmod u+w {store}) to add to it\n"
    )
    assert store.read_bytes() == TINY.read_bytes()


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system")],
)
def test_a_read_only_folder(
    store: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    # root may create files in any folder, and no test can mount a read-only one: there,
    # creating a file in the folder fails on purpose.
    if ROOT_USER or code == errno.EROFS:
        real_open = os.open

        def no_new_files(path: str, flags: int, *args: int, **kwargs: object) -> int:
            if flags & os.O_CREAT and Path(path).parent == store.parent:
                raise OSError(code, os.strerror(code))
            return real_open(path, flags, *args)

        monkeypatch.setattr(os, "open", no_new_files)
    else:
        store.parent.chmod(0o555)
    try:
        result = run(*add(store))
    finally:
        monkeypatch.undo()
        store.parent.chmod(0o755)
    assert result.code == 1
    assert result.stderr == (
        f"Error: {store}: cannot create the lock file {store}.lock: {reason}; "
        "the store was left as it was\n"
        "check the folder is writable\n"
    )
    assert store.read_bytes() == TINY.read_bytes()
    assert leftovers(store.parent) == []


def test_a_store_changed_by_hand_meanwhile_is_not_overwritten(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_parse = writer.parse_store  # type: ignore[attr-defined]
    calls: list[str] = []

    def parse_then_edit(data: bytes, file: str) -> object:
        calls.append(file)
        if len(calls) == 2:
            with store.open("a") as stream:
                stream.write("# an editor saved this\n")
        return real_parse(data, file)

    monkeypatch.setattr(writer, "parse_store", parse_then_edit)
    result = run(*add(store))
    assert result.code == 1
    assert result.stderr == (
        f"Error: {store}: the file changed while the event was being added; "
        "nothing was written\nrun the command again\n"
    )
    assert store.read_text() == TINY.read_text() + "# an editor saved this\n"


# --- the lock -----------------------------------------------------------------------------


def test_a_second_writer_waits_then_names_the_lock(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock, "LOCK_WAIT_SECONDS", 0.3)
    with lock.locked(store):
        started = time.monotonic()
        result = run(*add(store))
        waited = time.monotonic() - started
    assert result.code == 1
    assert result.stderr == (
        f"Error: {store}.lock: another dealtimeline (pid {os.getpid()}) is writing this "
        "store; gave up after 0.3 s\ntry again when it has finished\n"
    )
    assert waited >= 0.3
    assert store.read_bytes() == TINY.read_bytes()
    assert leftovers(store.parent) == []


def test_a_second_writer_waits_for_the_first(store: Path) -> None:
    held = threading.Event()

    def hold_briefly() -> None:
        with lock.locked(store):
            held.set()
            time.sleep(0.3)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    held.wait()
    result = run(*add(store))
    holder.join()
    assert (result.code, result.stderr) == (0, "")
    assert store.read_bytes() == TINY.read_bytes() + b"\n" + NEW.encode()


def test_a_lock_left_by_a_dead_writer_is_taken_over(store: Path) -> None:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    lock_file = store.with_name("events.yaml.lock")
    lock_file.write_text(f"{pid}\n")
    started = time.monotonic()
    result = run(*add(store))
    assert (result.code, result.stderr) == (0, "")
    assert time.monotonic() - started < 1
    assert not lock_file.exists()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("300000000000", 300000000000),
        ("300,000,000,000", 300000000000),
        ("1_000", 1000),
        ("300B", 300000000000),
        ("1.5bn", 1500000000),
        ("40m", 40000000),
        ("4.35b", 4350000000),
        ("1e9", 1000000000),
        ("7 T", 7000000000000),
        ("2.5", 2.5),
    ],
)
def test_amounts(text: str, value: float) -> None:
    assert writer.parse_amount(text) == value
    assert type(writer.parse_amount(text)) is type(value)


@pytest.mark.parametrize("text", ["", "-5", "0", "1,5", "five", "5 GB"])
def test_not_amounts(text: str) -> None:
    with pytest.raises(ValueError):
        writer.parse_amount(text)


# --- safety, round two: what the write keeps ----------------------------------------------


TEAM = (65534, 100)  # nobody:users


@pytest.mark.skipif(not ROOT_USER, reason="only root can give a file to another user")
def test_owner_and_group_are_kept(store: Path) -> None:
    os.chown(store, *TEAM)
    store.chmod(0o664)
    assert run(*add(store)).code == 0
    status = store.stat()
    assert ((status.st_uid, status.st_gid), stat.S_IMODE(status.st_mode)) == (TEAM, 0o664)
    assert store.read_bytes() == TINY.read_bytes() + b"\n" + NEW.encode()


@pytest.mark.skipif(not ROOT_USER, reason="only root can give a file to another user")
def test_a_member_who_cannot_keep_the_owner_keeps_the_group(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a member of the group who is not the owner: the owner cannot be given, the group can.
    os.chown(store, *TEAM)
    real_fchown = os.fchown

    def member_fchown(descriptor: int, uid: int, gid: int) -> None:
        if uid != -1:
            raise PermissionError(errno.EPERM, "Operation not permitted")
        real_fchown(descriptor, uid, gid)

    monkeypatch.setattr(os, "fchown", member_fchown)
    assert run(*add(store)).code == 0
    assert (store.stat().st_uid, store.stat().st_gid) == (os.geteuid(), TEAM[1])


def test_extended_attributes_are_kept(store: Path) -> None:
    try:
        os.setxattr(store, "user.team", b"deals")
    except OSError as error:
        pytest.skip(f"no user extended attributes here: {error.strerror}")
    assert run(*add(store)).code == 0
    assert os.getxattr(store, "user.team") == b"deals"
    assert store.read_bytes() == TINY.read_bytes() + b"\n" + NEW.encode()


def test_extended_attributes_that_cannot_be_copied_are_left(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(*args: object) -> None:
        raise OSError(errno.ENOTSUP, "Operation not supported")

    monkeypatch.setattr(os, "listxattr", unsupported)
    assert run(*add(store)).code == 0
    assert store.read_bytes() == TINY.read_bytes() + b"\n" + NEW.encode()


def test_a_store_with_hard_links_is_refused_not_split(store: Path) -> None:
    other = store.with_name("team.yaml")
    os.link(store, other)
    result = run(*add(store))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {store}: the file has 2 hard links, and writing it would split them into "
        "different files; it was left as it was\n"
        f"make it a file of its own first (cp {store} {store}.new && mv {store}.new {store}), "
        "or link it with a symbolic link (ln -s) instead\n"
    )
    assert store.read_bytes() == TINY.read_bytes()
    assert store.stat().st_ino == other.stat().st_ino
    assert leftovers(store.parent) == ["team.yaml"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", ["add", "init"])
def test_a_confirmation_that_cannot_be_printed_does_not_fail_a_done_write(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "events.yaml"
    if command == "add":
        shutil.copyfile(TINY, path)
        args = add(path)
    else:
        args = ["init", str(path)]
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "dealtimeline", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert (result.returncode, result.stderr) == (
        0,
        "Warning: done, but this could not be said on stdout: No space left on device\n",
    )
    expected = TINY.read_bytes() + b"\n" + NEW.encode() if command == "add" else None
    assert path.read_bytes() == (expected or bundled_store().read_bytes())


def test_comments_in_an_empty_flow_list_are_kept() -> None:
    text = HEAD + "events: [\n  # TODO: the 2024 deals\n\n  # and 2025\n]\nterms: {}\n"
    assert added_text(text) == (
        HEAD + "events:\n  # TODO: the 2024 deals\n  # and 2025\n" + SMALL_NEW + "terms: {}\n"
    )
    assert added_text(HEAD + "events: [  # TODO\n]") == HEAD + "events:  # TODO\n" + SMALL_NEW
    text = HEAD + "events: [\r\n  # TODO\r\n]  # none yet\r\n"
    assert added_text(text) == (HEAD + "events:\n  # TODO\r\n  # none yet\r\n" + SMALL_NEW)


def test_a_read_only_store_is_refused_to_root_too(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # For root, os.access says any file is writable: the mode bits say otherwise.
    store.chmod(0o444)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: True)
    result = run(*add(store))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {store}: the file is read-only; it was left as it was\n"
        f"make it writable (chmod u+w {store}) to add to it\n"
    )
    assert store.read_bytes() == TINY.read_bytes()


@pytest.mark.parametrize(
    ("endings", "newline"),
    [
        (["\r"] * 18, "\r"),
        (["\r\n"] * 3 + ["\n"] * 15, "\n"),
        (["\n"] * 3 + ["\r\n"] * 15, "\r\n"),
        (["\r"] * 10 + ["\n"] * 8, "\r"),
    ],
)
def test_new_lines_use_the_line_ending_the_file_uses_most(endings: list[str], newline: str) -> None:
    lines = (HEAD + "events:\n" + EVENT).splitlines()
    assert len(lines) == len(endings)
    text = "".join(line + ending for line, ending in zip(lines, endings, strict=True))
    assert added_text(text) == text + SMALL_NEW.replace("\n", newline)


def test_a_lost_race_is_told_in_the_lines_of_the_file_as_it_now_is(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The other writer adds the same id between this add's reading and its lock.
    real_locked = writer.locked  # type: ignore[attr-defined]
    winner = writer.NewEvent(
        date=parse_store_date("2026-03"),
        title="Winner",
        kind="capacity",
        companies=("openai",),
        citation=Citation("rumour-2024", "first"),
        id="race-2026",
    )

    def win_then_lock(path: Path) -> object:
        won = writer.plan_addition(store.read_bytes(), str(store), winner)
        atomic.write_atomically(store, won.data)
        return real_locked(path)

    monkeypatch.setattr(writer, "locked", win_then_lock)
    result = run(*add(store), "--id", "race-2026", "--currency", "dollars", "--amount", "5")
    lines = store.read_text().splitlines()
    assert len(lines) == 138
    assert lines[130] == "  - id: race-2026"
    assert result.code == 1
    assert result.stderr == (
        f"Error: {store}: another writer changed the file while this add waited for it; the "
        "event was checked again against the file as it now is; nothing was written\n"
        f"Error: {store}: the new event: event id 'race-2026' is used twice (first at line "
        "131)\ngive each event its own id\n"
        f"Error: {store}: the new event: currency 'DOLLARS' is not an ISO 4217 code\n"
        "write three capital letters, such as USD\n"
    )
