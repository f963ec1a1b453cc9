"""Output that stays safe and bounded whatever the store, the path or the terminal holds:
linear wrapping, bounded amounts, any output encoding, year 9999, capped widths, paths and
completions shown safely, ASCII digits only, CR-only files, an empty chart."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from dealtimeline.render import timeline
from dealtimeline.render.console import terminal_width
from dealtimeline.render.style import text
from tests.helpers import TINY, run
from tests.test_loader import EVENT, HEAD, event_with, problems

DATES = "write YYYY, YYYY-MM or YYYY-MM-DD (2022, 2024-06, 2024-06-11)"


def write(tmp_path: Path, content: str | bytes, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def with_amount(value: str) -> str:
    return event_with(
        "    kind: capacity\n",
        f"    kind: capacity\n    amount:\n      value: {value}\n      currency: USD\n",
    )


# 9. Wrapping is linear in the length of an unbroken word.


def test_folding_a_long_word_measures_each_character_once(monkeypatch: pytest.MonkeyPatch) -> None:
    measured: list[int] = []
    real = cell_len

    def counting(value: str) -> int:
        measured.append(len(value))
        return real(value)

    monkeypatch.setattr(timeline, "cell_len", counting)
    word = "漢" * 20_000
    lines = timeline._wrap([timeline._piece(word)], 50)
    assert [piece[0] for line in lines for piece in line] == ["漢" * 25] * 800
    assert sum(measured) <= 2 * len(word)


def test_rich_gets_a_long_text_line_by_line() -> None:
    console = Console(width=40, file=open(os.devnull, "w"), color_system=None)  # noqa: SIM115
    segments = list(console.render(text("x" * 100_000)))
    assert max(len(segment.text) for segment in segments) == 40
    assert "".join(segment.text for segment in segments).split("\n") == ["x" * 40] * 2500 + [""]


def test_a_title_of_megabytes_shows_in_seconds(tmp_path: Path) -> None:
    huge = "x" * 2_000_000
    path = write(
        tmp_path,
        event_with("title: Something happened", f"title: {huge}").replace("words", huge),
    )
    for command in (["list"], ["show", "e1"], ["audit"]):
        started = time.monotonic()
        result = run("--store", str(path), "--no-cache", *command)
        assert result.code == 0
        assert time.monotonic() - started < 15, command


# 10. Amounts are finite and at most 10^15; the refusal names the line.

TOO_LARGE = (
    "amounts are at most 10^15 (1000000000000000): write the amount in units of its currency"
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1" * 400, "1111111111111111111111…"),
        ("9" * 5000, "9999999999999999999999…"),
        ("1.0e+400", "1.0e+400"),
        ("1.0e+16", "1.0e+16"),
        ("1000000000000001", "1000000000000001"),
    ],
)
def test_an_amount_too_large_is_refused_with_its_line(value: str, shown: str) -> None:
    assert problems(with_amount(value)) == [
        f"s.yaml:20:14: the amount {shown} is too large; {TOO_LARGE}"
    ]


def test_the_largest_amount_shows_everywhere(tmp_path: Path) -> None:
    path = write(tmp_path, with_amount("1000000000000000"))
    assert "$1000T" in run("--store", str(path), "list").stdout
    exported = run("--store", str(path), "export", "-f", "json").stdout
    assert '"value": 1000000000000000' in exported


def test_add_refuses_an_amount_too_large(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(TINY.read_bytes())
    for amount in ("1e400", "2000T", "1e9999999999", "1" * 5000):
        result = run(
            "add",
            "--store",
            str(path),
            "--date",
            "2026-03",
            "--title",
            "Big",
            "--kind",
            "capacity",
            "-c",
            "openai",
            "--source",
            "rumour-2024",
            "--quote",
            "q",
            "--amount",
            amount,
        )
        shown = amount if len(amount) < 30 else amount[:22] + "…"
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr == (
            f"Error: '{shown}' is more than 10^15, the largest amount (--amount)\n"
            "write a number such as 300000000000, 300B or 1.5bn\n"
        )
    assert path.read_bytes() == TINY.read_bytes()


# 12. Any output encoding: degraded output, never a traceback.

ENCODINGS = [{"PYTHONIOENCODING": "ascii"}, {"PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C"}]
VIEWS = [
    ["list"],
    ["show", "invest-2019"],
    ["show", "--company", "microsoft"],
    ["state"],
    ["chart"],
    ["audit"],
    ["sources"],
    ["diff", "2024", "2025"],
    ["list", "-f", "yaml"],
    ["list", "-f", "markdown"],
    ["export", "-f", "ics"],
    ["validate", "--store", "/nonexistent/\u202e.yaml"],
]


@pytest.mark.parametrize("encoding", ENCODINGS, ids=["ascii", "C-locale"])
def test_a_non_utf8_output_degrades(encoding: dict[str, str]) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    environment |= {"DEALTIMELINE_TODAY": "2026-11-23", "COLUMNS": "100", **encoding}
    for command in VIEWS:
        result = subprocess.run(
            [sys.executable, "-m", "dealtimeline", "--store", str(TINY), *command],
            capture_output=True,
            env=environment,
        )
        assert b"Traceback" not in result.stderr, command
        assert result.returncode == (1 if command[0] == "validate" else 0), command
        result.stdout.decode("ascii")
        result.stderr.decode("ascii")
    command = [sys.executable, "-m", "dealtimeline", "--store", str(TINY), "list"]
    listed = subprocess.run(command, capture_output=True, env=environment, check=True)
    utf8 = {**environment, "PYTHONIOENCODING": "utf-8"}
    expected = subprocess.run(command, capture_output=True, env=utf8, check=True).stdout
    replaced = "".join(c if c.isascii() else "?" for c in expected.decode())
    assert listed.stdout.decode("ascii") == replaced
    assert replaced.splitlines()[-1] == (
        "? primary ? press ? copy: the best source, then the number of publishers"
    )


# 13. Year 9999 works in every command and export.


@pytest.mark.parametrize("day", ["9999", "9999-12", "9999-12-31", "0001-01-01"])
def test_the_first_and_last_dates_work_everywhere(tmp_path: Path, day: str) -> None:
    path = write(tmp_path, event_with("date: 2024-06-11", f"date: {day}"))
    commands = [
        ["list"],
        ["show", "e1"],
        ["diff", "9999", "9999"],
        ["diff", "9998", "9999"],
        ["diff", "0001", "9999"],
        ["diff", "9999", "0001"],
        ["state", "--as-of", "9999"],
        ["chart"],
        ["chart", "--since", "0001", "--until", "9999"],
        ["companies"],
        ["audit"],
    ]
    commands += [["export", "-f", f] for f in ("ics", "json", "csv", "html", "mermaid")]
    for command in commands:
        result = run("--store", str(path), *command)
        assert result.code == 0, (command, result.stderr)


def test_an_ics_event_on_the_last_day_lasts_its_span(tmp_path: Path) -> None:
    for day, expected in (("9999", "P365D"), ("9999-12", "P31D"), ("9999-12-31", "P1D")):
        path = write(tmp_path, event_with("date: 2024-06-11", f"date: {day}"))
        ics = run("--store", str(path), "export", "-f", "ics").stdout
        start = "99990101" if day == "9999" else ("99991201" if day == "9999-12" else "99991231")
        assert f"DTSTART;VALUE=DATE:{start}\nDURATION:{expected}\n" in ics
    path = write(tmp_path, event_with("date: 2024-06-11", "date: 2024-06"))
    ics = run("--store", str(path), "export", "-f", "ics").stdout
    assert "DTSTART;VALUE=DATE:20240601\nDTEND;VALUE=DATE:20240701\n" in ics


# 14. Widths are capped.


def test_a_huge_columns_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "99999999")
    assert terminal_width() == 500
    started = time.monotonic()
    huge = run("--store", str(TINY), "diff", "2023", "2025", env={"COLUMNS": "99999999"})
    assert time.monotonic() - started < 15
    assert huge == run("--store", str(TINY), "diff", "2023", "2025", env={"COLUMNS": "500"})


# 20. Paths are shown safely.


def test_init_shows_a_hostile_path_safely(tmp_path: Path) -> None:
    name = "a\x1b]0;x\x07\u202eb\nc.yaml"
    result = run("init", str(tmp_path / name))
    assert result.code == 0
    assert (tmp_path / name).exists()
    shown = str(tmp_path) + "/a\\x1b]0;x\\x07\\u202eb\\nc.yaml"
    assert result.stdout.splitlines()[0] == (f"Created {shown}, a copy of the bundled store.")
    assert "\x1b" not in result.stdout
    assert "\u202e" not in result.stdout
    assert len(result.stdout.splitlines()) == 5


def test_a_newline_in_a_store_path_keeps_each_problem_on_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, event_with("date: 2024-06-11", "date: 2024-13"), "x\ny\x1b.yaml")
    result = run("--store", str(path), "validate")
    assert result.code == 1
    shown = str(tmp_path) + "/x\\ny\\x1b.yaml"
    assert result.stderr == (
        f"{shown}:16:11: invalid date in 'date': '2024-13' has month 13, which does not "
        f"exist; {DATES}\n"
        f"Error: {shown}: 1 problem\n"
    )


# 21. Shell completion is safe.

HOSTILE_NAMES = HEAD.replace(
    "    name: OpenAI\n",
    '    name: "Open\\x1b]0;pwn\\x07AI [/x] a:b\\tc\\nd \'q\' \\"dq\\" $HOME `id`"\n'
    '    aliases: [op-1, "o\\x1bx", "op en", "op\\tz", "op:en"]\n',
) + EVENT.replace(
    "title: Something happened", 'title: "Some\\nthing: \\x1b[31m' + "word " * 30 + '\\u202e"'
)


def complete(shell: str, words: str, store: Path) -> str:
    variables = {"_DEALTIMELINE_COMPLETE": f"complete_{shell}"}
    words = words.replace("STORE", str(store))
    if shell == "bash":
        variables |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    else:
        variables |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = run(env=variables)
    assert (result.code, result.stderr) == (0, "")
    return result.stdout


def test_completion_shows_store_text_safely(tmp_path: Path) -> None:
    store = write(tmp_path, HOSTILE_NAMES)
    name = "Open\\x1b]0;pwn\\x07AI [/x] a:b c d 'q' \"dq\" $HOME `id`"
    assert complete("bash", "dealtimeline --store STORE list -c o", store) == (
        "openai\nop-1\nop:en\n"
    )
    assert complete("fish", "dealtimeline --store STORE list -c o", store) == (
        f"openai\t{name}\nop-1\talias of {name}\nop:en\talias of {name}\n"
    )
    zsh_name = "Open\\x1b]0;pwn\\x07AI [/x] a\\\\:b c d ''q'' \"\"dq\"\" \\$HOME \\`id\\`"
    assert complete("zsh", "dealtimeline --store STORE list -c o", store) == (
        "_arguments '*: :(("
        f'"openai":"{zsh_name}"\n'
        f'"op-1":"alias of {zsh_name}"\n'
        f'"op\\\\:en":"alias of {zsh_name}"'
        "))'\n"
    )
    title = "2024-06-11 Some thing: \\x1b[31m" + "word " * 30 + "\\u202e"
    assert complete("fish", "dealtimeline --store STORE show e", store) == f"e1\t{title}\n"
    zsh_title = title.replace(":", "\\\\:")
    assert complete("zsh", "dealtimeline --store STORE show e", store) == (
        f"""_arguments '*: :(("e1":"{zsh_title}"))'\n"""
    )


# 24. Only ASCII digits make a date.


@pytest.mark.parametrize("day", ["٢٠٢٤", "\uff12\uff10\uff12\uff14", "2024-0٦"])
def test_a_store_date_in_other_digits_is_refused(day: str) -> None:
    assert problems(event_with("date: 2024-06-11", f"date: {day}")) == [
        f"s.yaml:16:11: invalid date in 'date': '{day}' has digits other than 0-9; {DATES}"
    ]


@pytest.mark.parametrize("day", ["٢٠٢٤", "\uff12\uff10\uff12\uff14", "June ٢٠٢٤", "2024Q٣"])
def test_a_period_in_other_digits_is_refused(day: str) -> None:
    result = run("--store", str(TINY), "list", "--during", day)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (f"Error: '{day}' has digits other than 0-9 (--during)")


# 25. A CR-only file: problems at their own line.


def test_a_control_character_in_a_cr_only_file_is_at_its_line() -> None:
    content = event_with("title: Something happened", "title: Some\x07thing")
    expected = [
        "s.yaml:17:16: control character U+0007 in the file; remove it; inside a "
        "double-quoted string write it as an escape such as \\x1b"
    ]
    assert problems(content.replace("\n", "\r")) == expected
    assert problems(content.replace("\n", "\r\n")) == expected
    assert problems(content) == expected


# 28. The chart of an empty store; one company.


def test_the_chart_of_an_empty_store_has_no_axis(tmp_path: Path) -> None:
    empty = HEAD.replace("terms:\n  t1:\n    label: A term\n    companies: [openai]\n", "")
    path = write(tmp_path, empty.replace("events:\n", "events: []\n"))
    result = run("--store", str(path), "chart")
    assert (result.code, result.stdout) == (
        0,
        "Nothing to chart: no term has a value in this span and no event matches.\n",
    )
    assert result.stderr == "No events match these filters.\n"


def test_validate_counts_one_company() -> None:
    result = run("--store", str(write_once()), "validate")
    assert result.stdout == "OK: 1 event, 1 company, 1 source, 1 term\n"


def write_once() -> Path:
    path = Path(os.environ["XDG_CACHE_HOME"]) / "one.yaml"
    path.write_text(HEAD + EVENT)
    return path
