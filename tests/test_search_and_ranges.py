"""Search that finds (publishers, source titles, quotes; where it matched), names that
are no company, reversed ranges, day periods and the formats help offers."""

from __future__ import annotations

import json
import re

import pytest

from dealtimeline.core.query import Filters, select
from dealtimeline.core.search import Match, match, matches, other_meanings
from dealtimeline.render.timeline import snippet
from dealtimeline.store.reader import load_store
from tests.helpers import DATA, ROOT, TINY, run

BUNDLED = ROOT / "events.yaml"


def test_a_search_finds_publishers_and_says_where_it_matched() -> None:
    result = run("--store", str(TINY), "list", "--search", "the wire", env={"COLUMNS": "80"})
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == (
        "Date         Event                                                        Amount\n"
        + "─" * 80
        + "\n2022\n"
        "2022         Oracle said to join in 2022\n"
        "             partnership  Oracle, OpenAI  disputed  ○1\n"
        "             oracle-claim-2022\n"
        "             matched in publisher: “The Wire”\n"
        "\n"
        "2024\n"
        "Oct 2024     A reported $10B Oracle deal                                   ~$10B\n"
        "             capacity  Oracle, OpenAI, Microsoft  reported  ○1\n"
        "             oracle-deal-2024\n"
        "             matched in publisher: “The Wire”\n"
        "\n"
        "2025\n"
        "2025-09-10   OpenAI to buy $300B of Oracle computing from 2027            ~$300B\n"
        "             capacity  Oracle, OpenAI  reported  ○1  oracle-300b-2025\n"
        "             matched in publisher: “The Wire”\n"
        "3 events   reported: anonymous sources (~ amount)   date? amount? happened?: a\n"
        "source disputes it\n"
        "★ primary ● press ○ copy: the best source, then the number of publishers\n"
    )


def test_a_search_finds_source_titles() -> None:
    lines = run("--store", str(TINY), "list", "-s", "A NEW CHAPTER").stdout.splitlines()
    assert [line.strip() for line in lines if "matched" in line] == [
        "matched in source title: “A new chapter”",
        "matched in source title: “A new chapter”",
    ]
    assert [line.split()[-1] for line in lines if "  terms  " in line] == [
        "rofr-2025",
        "no-rofr-2025",
    ]


def test_the_json_says_which_field_matched() -> None:
    data = json.loads(run("--store", str(TINY), "list", "-s", "the wire", "-f", "json").stdout)
    assert data["matches"] == {
        event_id: {"field": "publisher", "text": "The Wire"}
        for event_id in ("oracle-claim-2022", "oracle-deal-2024", "oracle-300b-2025")
    }
    plain = json.loads(run("--store", str(TINY), "list", "-f", "json").stdout)
    assert "matches" not in plain


def test_the_core_reports_the_first_field_that_holds_the_text() -> None:
    store = load_store(TINY)
    invest = store.events[0]
    assert match(store, invest, "INVESTS") == Match("title", invest.title, "INVESTS")
    assert match(store, invest, "billion dollars") == Match(
        "summary", invest.summary or "", "billion dollars"
    )
    assert match(store, invest, "will become") == Match(
        "quote", "Microsoft will become the exclusive cloud provider", "will become"
    )
    assert match(store, invest, "the paper") == Match("publisher", "The Paper", "the paper")
    assert match(store, invest, "nowhere") is None
    assert set(matches(store, store.events, "the paper")) == {"invest-2019", "oracle-claim-2022"}
    assert matches(store, store.events, None) == {}
    searched = [e.id for e in select(store, Filters(search="microsoft invests in"))]
    assert searched == ["invest-2019", "oracle-claim-2022"]  # a source title


def test_a_snippet_keeps_whole_words_around_the_match() -> None:
    text = (
        "A roughly 700 MW expansion next to the Abilene Stargate campus, developed by "
        "Crusoe, goes to Microsoft after OpenAI and Oracle step away"
    )
    assert snippet(text, "crusoe") == "…campus, developed by Crusoe, goes to Microsoft after…"
    assert snippet("short", "short") == "short"


def test_a_deal_given_as_a_company_says_which_command_finds_it() -> None:
    result = run("--store", str(BUNDLED), "show", "--company", "stargate")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: no company 'stargate'\n"
        "'stargate' names a deal: dealtimeline list --deal stargate (or --deal stargate-uae);"
        " 26 events mention it: dealtimeline list --search stargate\n"
    )
    listed = run("--store", str(BUNDLED), "list", "--company", "Stargate UAE")
    assert (listed.code, listed.stderr) == (
        2,
        "Error: no company 'Stargate UAE'\n"
        "'Stargate UAE' names a deal: dealtimeline list --deal stargate-uae;"
        " 2 events mention it: dealtimeline list --search 'Stargate UAE'\n",
    )


def test_a_word_of_the_sources_given_as_a_company_suggests_a_search() -> None:
    result = run("--store", str(TINY), "show", "--company", "the paper")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: no company 'the paper'\n"
        "2 events mention it: dealtimeline list --search 'the paper'\n"
    )
    store = load_store(TINY)
    assert (
        other_meanings(store, "nothing at all")
        == other_meanings(store, "")
        == (other_meanings(store, "  "))
    )
    typo = run("--store", str(TINY), "show", "--company", "oracel")
    assert typo.stderr == "Error: no company 'oracel'\nDid you mean: oracle?\n"


REVERSED = (
    "Error: --since 2026 (2026-01-01) is after --until 2025 (2025-12-31)\n"
    "Swap them: --since 2025 --until 2026\n"
)


@pytest.mark.parametrize(
    "command",
    [["list"], ["chart"], ["audit"], ["export", "-f", "ics"], ["show", "--company", "oracle"]],
)
def test_a_reversed_range_is_a_usage_error_naming_both_ends(command: list[str]) -> None:
    result = run("--store", str(TINY), *command, "--since", "2026", "--until", "2025")
    assert (result.code, result.stdout, result.stderr) == (2, "", REVERSED)


def test_a_range_of_one_period_is_not_reversed() -> None:
    result = run("--store", str(TINY), "list", "--since", "2025-09", "--until", "2025-09")
    assert result.code == 0
    assert "oracle-300b-2025" in result.stdout


def test_day_periods_read_as_days() -> None:
    result = run("--store", str(TINY), "diff", "2024-06-30", "2025")
    assert result.stdout.splitlines()[0] == "From 2024-06-30 to the end of 2025 (2025-12-31)"
    back = run("--store", str(TINY), "diff", "2025-03", "2024-06-30")
    assert back.stdout.splitlines()[0] == "Back from the end of Mar 2025 (2025-03-31) to 2024-06-30"


def _help_formats(*command: str) -> list[str]:
    """The formats `--format`'s help lists for a command."""
    help_text = " ".join(run(*command, "--help").stdout.split())
    found = re.search(r"--format FORMAT (.*?)\.", help_text)
    assert found is not None
    listed = found[1].split(";")[0].replace(" (default)", "").replace(" or ", ", ")
    return listed.split(", ")


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["show", "invest-2019"],
        ["diff", "2024"],
        ["state"],
        ["terms"],
        ["history", "cloud-exclusivity"],
        ["chart"],
        ["deals"],
        ["totals"],
        ["companies"],
        ["sources"],
        ["audit"],
    ],
)
def test_help_lists_exactly_the_formats_a_command_writes(command: list[str]) -> None:
    listed = _help_formats(*command[:1])
    for fmt in ("rich", "json", "csv", "markdown", "yaml"):
        result = run("--store", str(TINY), *command, "--format", fmt)
        assert (result.code == 0) == (fmt in listed), (command, fmt, result.stderr)


def test_show_and_sources_check_list_their_own_formats() -> None:
    assert _help_formats("show") == ["rich", "json", "markdown", "yaml"]
    assert _help_formats("sources", "check") == ["rich", "json", "csv", "markdown"]
    assert _help_formats("chart") == ["rich", "json", "csv", "markdown", "yaml"]
    assert "csv too for --company, --deal" in " ".join(run("show", "--help").stdout.split())


@pytest.mark.parametrize(
    ("order", "ids"),
    [
        (None, ["paper-2019", "blog-2025", "rumour-2024"]),
        ("publisher", ["blog-2025", "paper-2019", "rumour-2024"]),
        ("published", ["paper-2019", "rumour-2024", "blog-2025"]),
        ("grade", ["blog-2025", "paper-2019", "rumour-2024"]),
    ],
)
def test_sources_sort(order: str | None, ids: list[str]) -> None:
    args = ["--sort", order] if order else []
    result = run("--store", str(TINY), "sources", *args, "--format", "csv")
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ids


def test_an_unknown_source_order_is_a_usage_error() -> None:
    result = run("--store", str(TINY), "sources", "--sort", "title")
    assert (result.code, result.stdout) == (2, "")
    assert (
        result.stderr == "Error: no order 'title' (--sort)\nOne of: publisher, published, grade\n"
    )


def test_source_titles_keep_most_of_100_columns() -> None:
    """At 100 columns the title column is 46 wide (it was 20 with the ids beside it), and
    every id shows whole under its title."""
    lines = run("--store", str(BUNDLED), "sources").stdout.splitlines()
    header = lines[0]
    start = header.index("Title and id")
    assert header.index("Cited") - len("   ") - start == 46
    assert max(len(line) for line in lines) == 100
    shown = {line[start:].split()[0] for line in lines[2:] if line[start:].strip()}
    assert set(load_store(BUNDLED).sources) <= shown


def test_a_typographic_apostrophe_finds_the_plain_one_and_the_other_way_round() -> None:
    from dealtimeline.core.search import search_key

    assert search_key("Microsoft\u2019s \u201cdeal\u201d") == 'microsoft\'s "deal"'
    typed = run("list", "-s", "Microsoft\u2019s", "-f", "json").stdout
    plain = run("list", "-s", "Microsoft's", "-f", "json").stdout
    assert json.loads(typed)["count"] == json.loads(plain)["count"] > 0


def test_disputed_happened_is_the_marks_word_for_occurred() -> None:
    # The bundled store disputes no event's occurrence; the store of doubt does.
    doubt = str(DATA / "doubt.yaml")
    said = run("--store", doubt, "list", "--disputed", "happened", "-f", "json").stdout
    meant = run("--store", doubt, "list", "--disputed", "occurred", "-f", "json").stdout
    assert [e["id"] for e in json.loads(said)["events"]] == [
        e["id"] for e in json.loads(meant)["events"]
    ]
    assert [e["id"] for e in json.loads(said)["events"]] == ["expand-2024"]


def test_a_reversed_amount_range_is_a_usage_error_naming_both() -> None:
    result = run("list", "--min-amount", "10B", "--max-amount", "1B")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: --min-amount 10B is more than --max-amount 1B\n"
        "Swap them: --min-amount 1B --max-amount 10B\n"
    )
    assert run("list", "--min-amount", "1B", "--max-amount", "10B").code == 0


def test_a_company_typed_in_part_suggests_the_companies_it_begins() -> None:
    part = run("list", "--company", "micro")
    assert (part.code, part.stderr) == (
        2,
        "Error: no company 'micro'\n"
        "Did you mean: microsoft? 34 events mention it: dealtimeline list --search micro\n",
    )
    alike = run("list", "--company", "nvidai")
    assert alike.stderr == "Error: no company 'nvidai'\nDid you mean: nvidia?\n"


def test_search_takes_no_account_of_accents() -> None:
    plain = json.loads(run("list", "--search", "Dona Ana", "-f", "json").stdout)
    accented = json.loads(run("list", "--search", "DOÑA ANA", "-f", "json").stdout)
    assert [e["id"] for e in plain["events"]] == ["stargate-five-sites-2025"]
    assert [e["id"] for e in accented["events"]] == ["stargate-five-sites-2025"]
    assert plain["matches"]["stargate-five-sites-2025"]["field"] == "summary"
