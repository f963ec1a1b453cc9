"""Terminal conventions: store text stays data, pipes end quietly, Ctrl-C exits 130."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dealtimeline.store.locate import bundled_store
from tests.helpers import DATA, TODAY, on_a_terminal, run

HOSTILE = DATA / "hostile.yaml"
VIEWS = [
    ["list"],
    ["show", "hostile-2024"],
    ["show", "--company", "evil"],
    ["diff", "2023", "2025"],
    ["state"],
    ["companies"],
    ["sources"],
    ["chart"],
]
# What a terminal would act on: ESC, BEL, other C0 and C1 controls, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The only escape sequences allowed: Rich's own colour and style codes (SGR), and the
# opening and closing of a hyperlink (OSC 8) to an http(s) address of printable ASCII.
OWN_SEQUENCE = re.compile(
    r"\x1b\[[0-9;]*m|\x1b\]8;id=[0-9]+;https?://[!-~]+?\x1b\\|\x1b\]8;;\x1b\\"
)


@pytest.mark.parametrize("args", VIEWS)
def test_store_text_is_printed_as_data_without_colour(args: list[str]) -> None:
    result = run("--store", str(HOSTILE), *args)
    assert result.code == 0
    assert not UNSAFE.search(result.stdout)
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("args", VIEWS)
def test_store_text_is_printed_as_data_with_colour(args: list[str]) -> None:
    output = on_a_terminal(*args, store=HOSTILE).decode()
    assert OWN_SEQUENCE.search(output)
    assert not UNSAFE.search(OWN_SEQUENCE.sub("", output))
    assert "\x1b" not in OWN_SEQUENCE.sub("", output)


def test_markup_prints_literally_and_controls_are_escaped() -> None:
    output = run("--store", str(HOSTILE), "show", "hostile-2024").stdout
    assert "[bold red]x[/] \\x1b]0;pwned\\x07 \\x1b[2J \\u202e evil [link=https://x]y[/link]" in (
        output
    )
    assert "Quote \\x1b[?1049h alt screen \\u202d override" in output
    assert "Label [/] \\x1b[2J" in output
    assert "Pub \\x9b31m C1" in output
    companies = run("--store", str(HOSTILE), "companies").stdout
    assert "Evil [bold red]Corp[/] \\x1b]0;pwned\\x07" in companies
    assert "\\x1b[31mRED" in companies
    assert "\\u202eLIAM" in companies


def test_the_same_text_is_kept_intact_in_json_and_yaml() -> None:
    import json

    import yaml

    as_json = json.loads(run("--store", str(HOSTILE), "list", "-f", "json").stdout)
    as_yaml = yaml.safe_load(run("--store", str(HOSTILE), "list", "-f", "yaml").stdout)
    title = "[bold red]x[/] \x1b]0;pwned\x07 \x1b[2J \u202e evil [link=https://x]y[/link]"
    assert as_json["events"][0]["title"] == title
    assert as_yaml["events"][0]["title"] == title
    assert as_json == as_yaml


def _program(*args: str) -> list[str]:
    return [sys.executable, "-m", "dealtimeline", *args]


def test_a_pipe_keeps_the_layout_and_never_cuts_at_80_columns() -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["DEALTIMELINE_TODAY"] = TODAY
    output = subprocess.run(
        _program("list"), capture_output=True, env=env, check=True, text=True
    ).stdout
    lines = output.splitlines()
    assert max(len(line) for line in lines) > 80
    assert not any(line != line.rstrip() for line in lines)
    from dealtimeline.store.reader import load_store

    for event in load_store(bundled_store()).events:
        assert event.title in output


def test_a_closed_pipe_ends_quietly() -> None:
    result = subprocess.run(
        f"{sys.executable} -m dealtimeline list --format json | head -1; "
        'echo "status=${PIPESTATUS[0]}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
    )
    assert result.stdout == "{\nstatus=0\n"
    assert result.stderr == ""


def _big_store(folder: Path, events: int) -> Path:
    text = bundled_store().read_text()
    head, _, _ = text.partition("\nevents:\n")
    lines = [head, "events:"]
    for number in range(events):
        lines += [
            f"  - id: generated-{number}",
            f"    date: {2019 + number % 8}-0{1 + number % 9}",
            f"    title: Generated event {number}",
            "    kind: capacity",
            "    companies: [openai]",
            "    sources:",
            "      - source: verge-2024-06-12",
            '        quote: "a quote"',
        ]
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    store = _big_store(tmp_path, 40000)
    process = subprocess.Popen(
        _program("--store", str(store), "list"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.6)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in stderr
