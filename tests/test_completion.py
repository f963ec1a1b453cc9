"""Shell completion: the scripts for bash, zsh and fish, and the store's names completed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import TINY, run


def complete(shell: str, words: str, env: dict[str, str] | None = None) -> str:
    variables = {"_DEALTIMELINE_COMPLETE": f"complete_{shell}", **(env or {})}
    if shell == "bash":
        variables |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    else:
        variables |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = run(env=variables)
    assert result.code == 0
    return result.stdout


def test_company_names_complete_in_bash_zsh_and_fish() -> None:
    assert complete("bash", "dealtimeline show --company or") == "oracle\n"
    assert complete("zsh", "dealtimeline show --company or") == (
        """_arguments '*: :(("oracle":"Oracle"))'\n"""
    )
    assert complete("fish", "dealtimeline list -c or") == "oracle\tOracle\n"
    assert complete("bash", "dealtimeline list --company OR") == "ORCL\n"


def test_kinds_events_terms_and_sources_complete() -> None:
    assert complete("fish", "dealtimeline list -k ca") == "capacity\tkind\n"
    assert complete("bash", "dealtimeline show msft-r") == "msft-rofr-2025\n"
    assert complete("bash", "dealtimeline add --term cloud") == "cloud-exclusivity\n"
    assert complete("bash", "dealtimeline add --source heise") == "heise-2025-01-22\n"


def test_open_and_cite_complete_their_commands_events_and_formats() -> None:
    assert complete("bash", "dealtimeline ci") == "cite\n"
    assert complete("bash", "dealtimeline op") == "open\n"
    assert complete("bash", "dealtimeline open msft-r") == "msft-rofr-2025\n"
    assert complete("bash", "dealtimeline cite msft-r") == "msft-rofr-2025\n"
    assert complete("fish", "dealtimeline cite msft-rofr-2025 --format b") == (
        "bibtex\tcitation format\n"
    )
    assert complete("bash", "dealtimeline --no-p") == "--no-pager\n"
    assert complete("bash", "dealtimeline list --no-p") == "--no-pager\n"


def test_completion_reads_the_store_given_on_the_command_line() -> None:
    assert complete("bash", f"dealtimeline --store {TINY} show rofr") == "rofr-2025\n"
    assert complete("bash", f"dealtimeline show --store {TINY} oracle-") == (
        "oracle-claim-2022\noracle-deal-2024\noracle-300b-2025\n"
    )


def test_an_unreadable_store_completes_nothing() -> None:
    assert complete("bash", "dealtimeline --store /nonexistent/x.yaml show a").strip() == ""


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "_dealtimeline_completion() {"),
        ("zsh", "#compdef dealtimeline"),
        ("fish", "complete --command dealtimeline --no-files"),
    ],
)
def test_the_completion_scripts(shell: str, marker: str) -> None:
    # Without detection of the running shell, --show-completion takes the shell's name.
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "dealtimeline", "--show-completion", shell],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert result.stdout.startswith(marker)
