"""User errors: one clear message on stderr, the right exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import DATA, TINY, run


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (
            ["list", "--company", "orcle"],
            2,
            "Error: no company 'orcle'\nDid you mean: oracle?\n",
        ),
        (
            ["list", "--compnay", "x"],
            2,
            "Error: No such option: --compnay (Possible options: --company)\n"
            "See: dealtimeline list --help\n",
        ),
        (
            ["lst"],
            2,
            "Error: No such command 'lst'. Did you mean 'list'?\nSee: dealtimeline --help\n",
        ),
        (
            ["list", "--kind", "capcity"],
            2,
            "Error: no kind 'capcity'\nDid you mean: capacity? Kinds: investment, capacity, "
            "partnership, terms, joint-venture, product, statement, report\n",
        ),
        (
            ["list", "--since", "soon"],
            2,
            "Error: cannot read 'soon' as a period (--since)\nAccepted forms: 2024, 2024-06, "
            "2024-06-11, 2024Q3, today, or a date such as 'June 2024' or 'Jan 21 2025'\n",
        ),
        (
            ["diff", "2024", "2025-13"],
            2,
            "Error: '2025-13' has month 13, which does not exist (B)\nAccepted forms: 2024, "
            "2024-06, 2024-06-11, 2024Q3, today, or a date such as 'June 2024' or "
            "'Jan 21 2025'\n",
        ),
        (
            ["show", "rofr-2024"],
            2,
            "Error: no event 'rofr-2024'\n"
            "Did you mean: rofr-2025, no-rofr-2025, oracle-deal-2024?\n",
        ),
        (
            ["show"],
            2,
            "Error: nothing to show\nTry: dealtimeline show --company oracle, show --deal "
            "stargate, or show EVENT_ID\n",
        ),
        (
            ["list", "--format", "xml"],
            2,
            "Error: no format 'xml' here\nFormats for this command: rich, json, csv, markdown, "
            "yaml\n",
        ),
        (["list", "--limit", "-1"], 2, None),
        (
            ["show", "--company", "oracle", "--as-of", "2025"],
            2,
            "Error: No such option: --as-of (Possible options: --sort)\n"
            "--as-of is an option of state, deals and totals\n"
            "See: dealtimeline show --help\n",
        ),
        (
            ["list", "--explain"],
            2,
            "Error: No such option: --explain\n--explain is an option of totals\n"
            "See: dealtimeline list --help\n",
        ),
        (["list", "--bogus"], 2, "Error: No such option: --bogus\nSee: dealtimeline list --help\n"),
    ],
)
def test_usage_errors_exit_2(args: list[str], code: int, stderr: str | None) -> None:
    result = run("--store", str(TINY), *args)
    assert result.code == code
    assert result.stdout == ""
    if stderr is not None:
        assert result.stderr == stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ")


def test_a_missing_store_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "none.yaml"
    result = run("--store", str(missing), "list")
    assert (result.code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {missing}: no such file\ncheck --store or DEALTIMELINE_STORE, or run "
        "'dealtimeline init' to make a store\n",
    )


def test_an_invalid_store_lists_every_problem_from_every_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        TINY.read_text()
        .replace("    kind: terms\n", "    kind: rumour\n", 1)
        .replace(
            "    companies: [oracle, openai]\n    sources:",
            "    compnies: [oracle, openai]\n    sources:",
            1,
        )
    )
    expected = (
        f"{bad}:61:5: event 'oracle-claim-2022' has no 'companies'; add 'companies: ...'\n"
        f"{bad}:65:5: unknown field 'compnies' in event 'oracle-claim-2022'; did you mean "
        "'companies'?\n"
        f"{bad}:92:11: unknown kind 'rumour'; one of: investment, capacity, partnership, terms, "
        "joint-venture, product, statement, report\n"
        f"Error: {bad}: 3 problems\n"
    )
    for command in (["validate"], ["list"], ["state"], ["diff", "2024", "2025"], ["companies"]):
        result = run("--store", str(bad), *command)
        assert (result.code, result.stdout, result.stderr) == (1, "", expected), command
    result = run("validate", str(bad))
    assert (result.code, result.stderr) == (1, expected)


def test_a_quote_check_failure_exits_1(tmp_path: Path) -> None:
    (tmp_path / "blog.txt").write_text("nothing to see")
    result = run("--store", str(TINY), "validate", "--archive", str(tmp_path))
    assert result.code == 1
    assert result.stderr.splitlines()[-1] == f"Error: {TINY}: 2 problems"
    assert run("--store", str(TINY), "validate", "--archive", str(DATA)).stdout == (
        "OK: 6 events, 3 companies, 3 sources, 2 terms, every archived quote found\n"
    )


def test_a_filter_that_matches_nothing_says_so_and_exits_0() -> None:
    result = run("--store", str(TINY), "list", "--search", "nothing like this")
    assert (result.code, result.stderr) == (0, "No events match these filters.\n")
    json_result = run("--store", str(TINY), "list", "-s", "nothing like this", "-f", "json")
    assert (json_result.code, json_result.stderr) == (0, "No events match these filters.\n")
    assert '"count": 0' in json_result.stdout
