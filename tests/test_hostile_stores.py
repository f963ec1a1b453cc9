"""Every bad store, from every reading command alike: `FILE:LINE:COLUMN: what; how to fix`
for each problem on stderr, exit 1, nothing on stdout, never a traceback.

Subprocesses where a crash (a C stack overflow is exit -11) or memory matters.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import run
from tests.test_loader import EVENT, HEAD, event_with

VALID = HEAD + EVENT
COMMANDS = [
    ["validate"],
    ["list"],
    ["show", "e1"],
    ["show", "--company", "openai"],
    ["diff", "2023", "2025"],
    ["state"],
    ["companies"],
    ["sources"],
    ["chart"],
    ["export", "--format", "json"],
]
KINDS = (
    "one of: investment, capacity, partnership, terms, joint-venture, product, statement, report"
)
ALLOWED = "allowed: version, companies, sources, terms, deals, events"
DATES = "write YYYY, YYYY-MM or YYYY-MM-DD (2022, 2024-06, 2024-06-11)"
ALIASES = "a store has no use for anchors and aliases"
NESTING = "nesting deeper than 32 levels; a store needs at most 6: flatten this value"
MARKER = "pwned-by-the-store"


def alias_bomb() -> str:
    """Ten levels of ten aliases each: 10**9 strings for anything that expands them."""
    lines = ["version: 1", "companies:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


# Each bad store, and every problem it gives as stderr shows it (after FILE:).
CASES: dict[str, tuple[str | bytes, list[str]]] = {
    "unclosed-bracket": (
        "version: 1\ncompanies: [a, b\nsources: {}\n",
        [
            "3:8: not valid YAML: did not find expected ',' or ']'; check the flow sequence "
            "that starts at line 2: is a bracket or quote left open?"
        ],
    ),
    "tab-indentation": (
        "version: 1\ncompanies:\n\topenai:\n",
        [
            "3:1: not valid YAML: found character that cannot start any token (a tab); "
            "indent with spaces, not tabs"
        ],
    ),
    "latin-1": (
        VALID.replace("A publisher", "Caf\xe9").encode("latin-1"),
        ["8:19: byte 0xE9 is not UTF-8; save the file as UTF-8"],
    ),
    "empty": (
        "",
        [
            "1:1: the file is empty; a store starts with 'version: 1'; 'dealtimeline init' writes "
            "an example"
        ],
    ),
    "top-level-list": (
        "- version: 1\n",
        [
            "1:1: the top level is a list, not a mapping; a store is a mapping with version, "
            "companies, sources, terms and events"
        ],
    ),
    "no-version": (
        VALID.replace("version: 1\n", ""),
        ["1:1: the store has no 'version'; add 'version: ...'"],
    ),
    "unknown-version": (
        VALID.replace("version: 1", "version: 2"),
        ["1:10: unknown store version '2'; this dealtimeline reads version 1: write 'version: 1'"],
    ),
    "duplicate-keys": (
        VALID.replace("version: 1\n", "version: 1\nversion: 1\n").replace(
            "    name: OpenAI\n", "    name: OpenAI\n    name: Open AI\n"
        )
        + EVENT.replace("e1", "e2").replace(
            '        quote: "words"\n', '        quote: "words"\n        quote: "more"\n'
        ),
        [
            "2:1: key 'version' appears twice in this mapping (first at line 1); keep one of them",
            "6:5: key 'name' appears twice in this mapping (first at line 5); keep one of them",
            "33:9: key 'quote' appears twice in this mapping (first at line 32); keep one of them",
        ],
    ),
    "duplicate-company": (
        VALID.replace("sources:\n", "  openai:\n    name: Again\nsources:\n", 1),
        ["5:3: key 'openai' appears twice in this mapping (first at line 3); keep one of them"],
    ),
    "unknown-field": (
        event_with("    companies:", "    compnies:"),
        [
            "15:5: event 'e1' has no 'companies'; add 'companies: ...'",
            "19:5: unknown field 'compnies' in event 'e1'; did you mean 'companies'?",
        ],
    ),
    "wrong-types": (
        event_with("title: Something happened", "title: [a, b]").replace(
            "companies: [openai]\n    sources", "companies: openai\n    sources"
        ),
        [
            "17:12: 'title' is a list, not text; write it on one line, or as a folded block ('>-')",
            "19:16: 'companies' is text, not a list; write it as a list of company ids: "
            "companies: [openai, oracle]",
        ],
    ),
    "february-30": (
        event_with("date: 2024-06-11", "date: 2024-02-30"),
        [
            f"16:11: invalid date in 'date': '2024-02-30' has day 30, but that month has 29 days; "
            f"{DATES}"
        ],
    ),
    "month-13": (
        event_with("date: 2024-06-11", "date: 2024-13"),
        [f"16:11: invalid date in 'date': '2024-13' has month 13, which does not exist; {DATES}"],
    ),
    "duplicate-ids": (
        VALID + EVENT,
        ["23:9: event id 'e1' is used twice (first at line 15); give each event its own id"],
    ),
    "undefined-references": (
        event_with("companies: [openai]", "companies: [opneai]")
        .replace("source: s1", "source: s2")
        .replace(
            '        quote: "words"\n',
            '        quote: "words"\n    changes:\n      - term: t2\n        value: x\n',
        ),
        [
            "19:17: unknown company 'opneai'; did you mean 'openai'?",
            "21:17: unknown source 's2'; define it under 'sources'",
            "24:15: unknown term 't2'; define it under 'terms'",
        ],
    ),
    "500e9": (
        event_with(
            "    kind: capacity\n",
            "    kind: capacity\n    amount:\n      value: 500e9\n      currency: USD\n",
        ),
        ["20:14: '500e9' is text in YAML, not a number; write the digits: 500000000000"],
    ),
    "javascript-url": (
        VALID.replace(
            "    published: 2024-06-12\n",
            "    published: 2024-06-12\n    url: javascript:alert(1)\n",
        ),
        [
            "10:10: url 'javascript:alert(1)' is not an http(s) address; use an address "
            "starting with https:// or http://, or leave 'url' out"
        ],
    ),
    "python-tag": (
        event_with(
            "title: Something happened",
            f"title: !!python/object/apply:os.system ['touch {MARKER}']",
        ),
        [
            "17:12: tag 'tag:yaml.org,2002:python/object/apply:os.system' asks for a Python "
            "object; refused and never run: remove the tag",
            "17:12: 'title' is a list, not text; write it on one line, or as a folded block ('>-')",
        ],
    ),
    "alias-bomb": (
        alias_bomb(),
        [
            f"3:7: anchor '&a0'; {ALIASES}: remove it",
            "3:7: company 'a0' is a list, not a mapping; give the company's fields on the "
            "lines below, indented",
            f"4:7: anchor '&a1'; {ALIASES}: remove it",
            "4:7: company 'a1' is a list, not a mapping; give the company's fields on the "
            "lines below, indented",
            *[
                f"4:{column}: alias '*a0'; {ALIASES}: write the value out"
                for column in range(12, 58, 5)
            ],
            f"5:7: anchor '&a2'; {ALIASES}: remove it",
            *[
                f"5:{column}: alias '*a1'; {ALIASES}: write the value out"
                for column in range(12, 43, 5)
            ],
            "5:42: stopped reading after 20 such problems; fix these first",
        ],
    ),
    "nesting-20000-flow": (
        "version: 1\ncompanies: " + "[" * 20000 + "]" * 20000 + "\n",
        [f"2:43: {NESTING}"],
    ),
    "nesting-20000-block": (
        "version: 1\nevents:\n" + "- " * 20000 + "x\n",
        [f"3:63: {NESTING}"],
    ),
    "nul-byte": (
        VALID.replace("Something", "Some\x00thing"),
        [
            "17:16: control character U+0000 in the file; remove it; inside a double-quoted "
            "string write it as an escape such as \\x1b"
        ],
    ),
    "next-line-character": (
        event_with("Something happened", "Something\x85happened"),
        [
            "17:21: control character U+0085 in the file; remove it; inside a double-quoted "
            "string write it as an escape such as \\x1b"
        ],
    ),
    "unknown-escape": (
        event_with("Something happened", '"C:\\quotes"'),
        [
            "17:15: not valid YAML: found unknown escape character; check the quoted scalar "
            "that starts at line 17: write a backslash as \\\\, or use single quotes"
        ],
    ),
    "second-document": (
        VALID + "---\nversion: 1\n",
        [
            "23:1: a second YAML document; a store is one document: remove the '---' and what "
            "follows"
        ],
    ),
    "several-problems": (
        VALID.replace("version: 1", "version: 1\ncolour: red")
        .replace("kind: capacity", "kind: rumour")
        .replace("date: 2024-06-11", "date: 2024-13"),
        [
            f"2:1: unknown field 'colour' in the store; {ALLOWED}",
            f"17:11: invalid date in 'date': '2024-13' has month 13, which does not exist; {DATES}",
            f"19:11: unknown kind 'rumour'; {KINDS}",
        ],
    ),
    "a-huge-entry": (
        "version: 1\ncolour: [" + "x, " * 10_000 + "x]\n",
        [
            "2:29995: more than 10000 values in one entry; an entry of a store holds a few dozen: "
            "is this file a store?"
        ],
    ),
    # Store text quoted in a message is shown escaped, never sent to the terminal.
    "escape-in-kind": (
        event_with("kind: capacity", 'kind: "cap\\e]0;pwned\\a"'),
        [f"18:11: unknown kind 'cap\\x1b]0;pwned\\x07'; {KINDS}"],
    ),
    "escape-in-reference": (
        event_with("companies: [openai]", 'companies: ["open\\e[31mai\\u202e"]'),
        ["19:17: unknown company 'open\\x1b[31mai\\u202e'; did you mean 'openai'?"],
    ),
    "escape-in-field-name": (
        VALID.replace("version: 1\n", 'version: 1\n"\\e]8;;https://x\\e\\\\k": 1\n'),
        [f"2:1: unknown field '\\x1b]8;;https://x\\x1b\\k' in the store; {ALLOWED}"],
    ),
    "escape-in-id": (
        VALID.replace("  openai:\n", '  "\\e]52;c;eA==\\aopenai":\n    name: x\n  openai:\n'),
        [
            "3:3: '\\x1b]52;c;eA==\\x07openai' is not a valid company id; use lowercase "
            "letters, digits and hyphens, such as '52-c-ea-openai'"
        ],
    ),
    "escape-in-version": (
        VALID.replace("version: 1", 'version: "\\x9b1\\u202e"'),
        [
            "1:10: unknown store version '\\x9b1\\u202e'; this dealtimeline reads version 1: "
            "write 'version: 1'"
        ],
    ),
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad-stores")
    for name, (content, _) in CASES.items():
        data = content if isinstance(content, bytes) else content.encode()
        (folder / f"{name}.yaml").write_bytes(data)
    return folder


def expected_stderr(path: Path, problems: list[str]) -> str:
    count = len(problems)
    lines = [f"{path}:{problem}\n" for problem in problems]
    return "".join(lines) + f"Error: {path}: {count} problem{'s' if count > 1 else ''}\n"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("case", list(CASES))
def test_every_command_reports_every_problem_of_a_bad_store(
    stores: Path, case: str, command: list[str]
) -> None:
    path = stores / f"{case}.yaml"
    result = run("--store", str(path), *command)
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == expected_stderr(path, CASES[case][1])


@pytest.mark.parametrize("case", list(CASES))
def test_validate_takes_the_path_as_an_argument_too(stores: Path, case: str) -> None:
    path = stores / f"{case}.yaml"
    result = run("validate", str(path))
    assert (result.code, result.stderr) == (1, expected_stderr(path, CASES[case][1]))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_bom_is_accepted(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    with_bom = run("--store", str(path), *command)
    path.write_bytes(VALID.encode())
    without = run("--store", str(path), *command)
    assert (with_bom.code, with_bom.stderr) == (0, "")
    assert with_bom.stdout == without.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_folder_or_a_missing_file_is_named_without_a_line(
    tmp_path: Path, command: list[str]
) -> None:
    folder = run("--store", str(tmp_path), *command)
    assert (folder.code, folder.stdout, folder.stderr) == (
        1,
        "",
        f"Error: {tmp_path}: this is a folder, not a store file\ngive the path of a .yaml file\n",
    )
    missing = tmp_path / "missing.yaml"
    gone = run("--store", str(missing), *command)
    assert (gone.code, gone.stdout, gone.stderr) == (
        1,
        "",
        f"Error: {missing}: no such file\ncheck --store or DEALTIMELINE_STORE, or run "
        "'dealtimeline init' to make a store\n",
    )


def _program(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dealtimeline", "--no-cache", "--store", str(store), *args],
        capture_output=True,
        text=True,
        cwd=store.parent,
        check=False,
    )


def test_a_python_tag_is_refused_and_never_run(stores: Path) -> None:
    path = stores / "python-tag.yaml"
    for command in COMMANDS:
        assert run("--store", str(path), *command).code == 1
    done = _program(path, "list")
    assert (done.returncode, done.stderr) == (1, expected_stderr(path, CASES["python-tag"][1]))
    assert not (stores / MARKER).exists()
    assert not Path(MARKER).exists()


@pytest.mark.parametrize("case", ["nesting-20000-flow", "nesting-20000-block"])
def test_deep_nesting_exits_1_and_never_crashes(stores: Path, case: str) -> None:
    path = stores / f"{case}.yaml"
    done = _program(path, "list")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == expected_stderr(path, CASES[case][1])


# A child's peak memory, measured by a parent that has no other child.
PEAK = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([done.returncode, done.stdout, done.stderr, peak]))
"""


def peak_of(store: Path, *args: str) -> tuple[int, str, str, float]:
    """Exit code, stdout, stderr and peak resident memory in MiB of the program on `store`."""
    program = [sys.executable, "-m", "dealtimeline", "--no-cache", "--store", str(store), *args]
    measured = subprocess.run(
        [sys.executable, "-c", PEAK, *program], capture_output=True, text=True, check=True
    )
    code, stdout, stderr, kilobytes = json.loads(measured.stdout)
    return code, stdout, stderr, kilobytes / 1024


def test_an_alias_bomb_is_refused_in_under_a_second_and_little_memory(stores: Path) -> None:
    path = stores / "alias-bomb.yaml"
    started = time.perf_counter()
    code, _, stderr, peak = peak_of(path, "export", "--format", "json")
    assert time.perf_counter() - started < 2.0  # the interpreter's start included
    assert (code, stderr) == (1, expected_stderr(path, CASES["alias-bomb"][1]))
    assert peak < 100
    started = time.perf_counter()
    assert run("--store", str(path), "list").code == 1
    assert time.perf_counter() - started < 1.0


FIFTY_MB = 50_000_000
# The bound for the 50 MB files below: eight times their size (381 MiB).
PEAK_MIB = 8 * FIFTY_MB / 2**20


def test_a_50_mb_store_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "long-summary.yaml"
    head = VALID + '    summary: "'
    path.write_text(head + "y" * (FIFTY_MB - len(head) - 2) + '"\n')
    assert path.stat().st_size == FIFTY_MB
    code, stdout, stderr, peak = peak_of(path, "validate")
    assert (code, stdout, stderr) == (0, "OK: 1 event, 1 company, 1 source, 1 term\n", "")
    assert peak < PEAK_MIB


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"version: 1\ncolour: [" + b"x, " * (FIFTY_MB // 3 - 8) + b"x]\n",
            "2:29995: more than 10000 values in one entry; an entry of a store holds a few "
            "dozen: is this file a store?",
        ),
        (
            b"x" * FIFTY_MB,
            "1:1: the top level is text, not a mapping; a store is a mapping with version, "
            "companies, sources, terms and events",
        ),
    ],
    ids=["a-list-of-16-million-items", "one-word"],
)
def test_a_50_mb_file_that_is_no_store_is_refused_in_bounded_memory(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(content)
    code, stdout, stderr, peak = peak_of(path, "list")
    assert (code, stdout, stderr) == (1, "", expected_stderr(path, [problem]))
    assert peak < PEAK_MIB


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as sparse:
        sparse.truncate(65 * 2**20)
    result = run("--store", str(path), "list")
    assert (result.code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {path}: the file is 65.0 MiB, over the 64 MiB limit\n"
        "raise the limit with DEALTIMELINE_MAX_MB=<megabytes> if the file is right\n",
    )
