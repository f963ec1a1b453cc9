"""The audit: sourcing per event, reported and disputed events, undeclared conflicts,
uncited sources and unlocatable citations, on purpose-made stores, as a user sees them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dealtimeline.core.audit import percent
from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import Source
from dealtimeline.core.sourcing import publisher_name
from tests.helpers import DATA, on_a_terminal, run

SOURCING = DATA / "audit-sourcing.yaml"
CONFLICTS = DATA / "audit-conflicts.yaml"
HOSTILE = DATA / "audit-hostile.yaml"


def audit(store: Path, *args: str) -> str:
    result = run("--store", str(store), "audit", *args)
    assert (result.code, result.stderr) == (0, "")
    return result.stdout


def audit_json(store: Path, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(audit(store, "--format", "json", *args))
    return data


def day(value: str) -> dict[str, str]:
    return {"value": value, "precision": "day", "start": value, "end": value}


def test_sourcing_findings_as_a_user_sees_them() -> None:
    assert (
        audit(SOURCING)
        == """\
6 events; 17% with a primary source; 50% single-sourced; 2 disputed; 0 undeclared conflicts
own words: 20% of 5 official events; top publisher: The Daily (50% of events)
score: best grade (primary 3, press 2, copy 1, none 0) + 1 per publisher after the first

Sources per event (6)
Date         Event                                                   Score
──────────────────────────────────────────────────────────────────────────
2019-07-22   primary-2019                                                4
             best primary · 3 sources · 2 publishers
2020         press-single-2020  single source, no primary                2
             best press · 1 source · 1 publisher
Mar 2021     copies-2021  copies only, no primary                        2
             best copy · 2 sources · 2 publishers
2022-05-01   reported-2022  single source, no primary                    2
             best press · 1 source · 1 publisher
2023         disputed-2023  single source, copies only, no primary       1
             best copy · 1 source · 1 publisher
2024-02-02   unsupported-2024  unsupported, no primary                   0
             best none · 0 sources · 0 publishers

Reported: anonymous sources (1)
reported-2022  2022-05-01  reported
OpenAI is said to want more capacity

Disputed (2)
disputed-2023  2023  disputed
Microsoft is said to cap OpenAI's capacity
  disputed by The Daily · 2019-07-22 · press · daily
    “no cap was agreed”
unsupported-2024  2024-02-02  disputed
OpenAI is said to leave Azure
  disputed by Microsoft · 2019-07-22 · primary · vendor-blog
    “Azure remains our cloud”

Conflicts the store does not declare (0)
(none)

Sources nobody cites (1)
ghost  Ghost Gazette · 2020 · press

Citations without url or archive (1)
reported-2022  cites ledger
  “wants more capacity”
"""
    )


def test_conflict_findings_as_a_user_sees_them() -> None:
    assert (
        audit(CONFLICTS)
        == """\
16 events; 0% with a primary source; 100% single-sourced; 1 disputed; 4 undeclared conflicts
own words: 0% of 15 official events; top publisher: The Paper (100% of events)
score: best grade (primary 3, press 2, copy 1, none 0) + 1 per publisher after the first

Sources per event (16)
Date         Event                                               Score
──────────────────────────────────────────────────────────────────────
2019-07-22   cloud-2019  single source, no primary                   2
             best press · 1 source · 1 publisher
2023-01-23   api-2023  single source, no primary                     2
             best press · 1 source · 1 publisher
Oct 2024     oracle-deal-2024  single source, no primary             2
             best press · 1 source · 1 publisher
Nov 2024     oracle-deal-again-2024  single source, no primary       2
             best press · 1 source · 1 publisher
2025-01-21   rofr-2025  single source, no primary                    2
             best press · 1 source · 1 publisher
2025-01-21   open-cloud-2025  single source, no primary              2
             best press · 1 source · 1 publisher
2025-01-21   api-stays-2025  single source, no primary               2
             best press · 1 source · 1 publisher
2025-01-21   ip-kept-2025  single source, no primary                 2
             best press · 1 source · 1 publisher
2025-01-21   stargate-2025  single source, no primary                2
             best press · 1 source · 1 publisher
2025-01-21   stargate-start-2025  single source, no primary          2
             best press · 1 source · 1 publisher
Feb 2025     horizon-statement-2025  single source, no primary       2
             best press · 1 source · 1 publisher
Mar 2025     api-statement-2025  single source, no primary           2
             best press · 1 source · 1 publisher
Mar 2025     coreweave-2025  single source, no primary               2
             best press · 1 source · 1 publisher
May 2025     coreweave-more-2025  single source, no primary          2
             best press · 1 source · 1 publisher
2026         cap-2026  single source, no primary                     2
             best press · 1 source · 1 publisher
2026         funding-2026  single source, no primary                 2
             best press · 1 source · 1 publisher

Reported: anonymous sources (1)
oracle-deal-2024  Oct 2024  reported
OpenAI signs a $10B Oracle contract

Disputed (1)
api-statement-2025  Mar 2025  disputed
OpenAI says its API may run on any cloud
  disputed by The Paper · 2025 · press · paper
    “the API runs on Azure”

Conflicts the store does not declare (4)
same day  rofr-2025, open-cloud-2025
  Microsoft's hold on OpenAI's cloud: rofr-2025 sets “right of first refusal”, open-cloud-2025 sets
  “none”, in effect from the same day, 2025-01-21; the state keeps open-cloud-2025's, only because
  it comes later in the file
restatement  api-2023, ip-kept-2025
  ip-kept-2025 says the terms stand (its title says “keeps”) but changes Microsoft's IP rights from
  “preferred partner” (set by api-2023) to “exclusive licence”
amount  oracle-deal-2024, oracle-deal-again-2024
  oracle-deal-2024 gives ~$10B and oracle-deal-again-2024 gives $12B for the same deal (both set
  Oracle capacity for OpenAI to “direct contract”)
amount  stargate-2025, stargate-start-2025
  stargate-2025 gives $500B and stargate-start-2025 gives $100B for the same deal (same day, kind
  and companies)

Conflicts declared by a dispute (1)
restatement  api-stays-2025, api-statement-2025
  api-statement-2025 says the terms stand (it is a statement) but changes Where the API runs from
  “Azure only” (set by api-stays-2025) to “any cloud”

Sources nobody cites (0)
(none)

Citations without url or archive (0)
(none)
"""
    )


def test_sourcing_findings_as_json() -> None:
    data = audit_json(SOURCING)
    assert data["version"] == 3
    assert data["command"] == "audit"
    assert data["summary"] == {
        "events": 6,
        "with_primary": 1,
        "single_sourced": 3,
        "disputed": 2,
        "disputed_by_aspect": {"unspecified": 2},
        "undeclared_conflicts": 0,
        "official": 5,
        "official_own_words": 1,
        "top_publisher": {"name": "The Daily", "events": 3},
        "text": (
            "6 events; 17% with a primary source; 50% single-sourced; 2 disputed; "
            "0 undeclared conflicts"
        ),
        "voices": "own words: 20% of 5 official events; top publisher: The Daily (50% of events)",
    }
    assert data["scoring"] == (
        "best grade (primary 3, press 2, copy 1, none 0) + 1 per publisher after the first"
    )
    assert [
        (e["id"], e["best_grade"], e["sources"], e["publishers"], e["score"], e["flags"])
        for e in data["events"]
    ] == [
        ("primary-2019", "primary", ["vendor-blog", "daily", "daily-copy"],
         ["microsoft", "the daily"], 4, []),
        ("press-single-2020", "press", ["daily"], ["the daily"], 2,
         ["single source", "no primary"]),
        ("copies-2021", "copy", ["daily-copy", "rewrite"], ["the daily", "rewrite site"], 2,
         ["copies only", "no primary"]),
        ("reported-2022", "press", ["ledger"], ["the ledger"], 2,
         ["single source", "no primary"]),
        ("disputed-2023", "copy", ["rewrite"], ["rewrite site"], 1,
         ["single source", "copies only", "no primary"]),
        ("unsupported-2024", None, [], [], 0, ["unsupported", "no primary"]),
    ]  # fmt: skip
    assert data["events"][0] == {
        "id": "primary-2019",
        "date": day("2019-07-22"),
        "title": "Microsoft invests in OpenAI",
        "status": "official",
        "disputed": False,
        "best_grade": "primary",
        "sources": ["vendor-blog", "daily", "daily-copy"],
        "publishers": ["microsoft", "the daily"],
        "score": 4,
        "flags": [],
    }
    assert data["reported"] == ["reported-2022"]
    assert data["disputed"] == [
        {
            "id": "disputed-2023",
            "disputes": [
                {"source": "daily", "publisher": "The Daily", "quote": "no cap was agreed"}
            ],
            "aspects": ["unspecified"],
        },
        {
            "id": "unsupported-2024",
            "disputes": [
                {
                    "source": "vendor-blog",
                    "publisher": "Microsoft",
                    "quote": "Azure remains our cloud",
                }
            ],
            "aspects": ["unspecified"],
        },
    ]
    assert data["conflicts"] == []
    assert data["uncited_sources"] == [
        {
            "id": "ghost",
            "title": "Nobody read this",
            "publisher": "Ghost Gazette",
            "published": {
                "value": "2020",
                "precision": "year",
                "start": "2020-01-01",
                "end": "2020-12-31",
            },
            "url": "https://example.com/ghost",
            "archived": None,
            "archive": None,
            "grade": "press",
        }
    ]
    assert data["unlocated_citations"] == [
        {"event": "reported-2022", "source": "ledger", "quote": "wants more capacity"}
    ]


def test_conflict_findings_as_json() -> None:
    data = audit_json(CONFLICTS)
    assert data["summary"]["undeclared_conflicts"] == 4
    assert data["conflicts"] == [
        {
            "kind": "same day",
            "term": "cloud",
            "events": ["rofr-2025", "open-cloud-2025"],
            "declared": False,
            "detail": (
                "Microsoft's hold on OpenAI's cloud: rofr-2025 sets “right of first refusal”, "
                "open-cloud-2025 sets “none”, in effect from the same day, 2025-01-21; the state "
                "keeps open-cloud-2025's, only because it comes later in the file"
            ),
        },
        {
            "kind": "restatement",
            "term": "ip",
            "events": ["api-2023", "ip-kept-2025"],
            "declared": False,
            "detail": (
                "ip-kept-2025 says the terms stand (its title says “keeps”) but changes "
                "Microsoft's IP rights from “preferred partner” (set by api-2023) to "
                "“exclusive licence”"
            ),
        },
        {
            "kind": "restatement",
            "term": "api",
            "events": ["api-stays-2025", "api-statement-2025"],
            "declared": True,
            "detail": (
                "api-statement-2025 says the terms stand (it is a statement) but changes Where "
                "the API runs from “Azure only” (set by api-stays-2025) to “any cloud”"
            ),
        },
        {
            "kind": "amount",
            "term": "oracle-capacity",
            "events": ["oracle-deal-2024", "oracle-deal-again-2024"],
            "declared": False,
            "detail": (
                "oracle-deal-2024 gives ~$10B and oracle-deal-again-2024 gives $12B for the same "
                "deal (both set Oracle capacity for OpenAI to “direct contract”)"
            ),
        },
        {
            "kind": "amount",
            "term": None,
            "events": ["stargate-2025", "stargate-start-2025"],
            "declared": False,
            "detail": (
                "stargate-2025 gives $500B and stargate-start-2025 gives $100B for the same deal "
                "(same day, kind and companies)"
            ),
        },
    ]


def test_filters_keep_the_conflicts_that_involve_a_kept_event() -> None:
    data = audit_json(CONFLICTS, "--kind", "joint-venture")
    assert [e["id"] for e in data["events"]] == ["stargate-2025", "stargate-start-2025"]
    assert [c["events"] for c in data["conflicts"]] == [["stargate-2025", "stargate-start-2025"]]
    assert data["filters"]["kinds"] == ["joint-venture"]
    later = audit_json(CONFLICTS, "--since", "2025-02", "--company", "Microsoft", "--reverse")
    assert [e["id"] for e in later["events"]] == [
        "funding-2026",
        "cap-2026",
        "api-statement-2025",
        "horizon-statement-2025",
    ]
    assert [c["events"] for c in later["conflicts"]] == [["api-stays-2025", "api-statement-2025"]]


def test_what_the_conflict_rules_let_pass() -> None:
    """A first value on a restating event, add-on contracts that set different values, and
    two year-dated events with different amounts are no conflict."""
    involved = {e for c in audit_json(CONFLICTS)["conflicts"] for e in c["events"]}
    passing = {"horizon-statement-2025", "coreweave-2025", "coreweave-more-2025"}
    assert passing | {"cap-2026", "funding-2026", "cloud-2019"} <= set(
        e["id"] for e in audit_json(CONFLICTS)["events"]
    )
    assert involved & (passing | {"cap-2026", "funding-2026", "cloud-2019"}) == set()


def test_repeating_the_value_in_effect_is_a_restatement() -> None:
    """api-stays-2025 repeats the value in effect: it is only the earlier side of the
    conflict that api-statement-2025 makes."""
    data = audit_json(CONFLICTS, "--search", "stays on Azure")
    assert [e["id"] for e in data["events"]] == ["api-stays-2025"]
    assert [(c["kind"], c["events"]) for c in data["conflicts"]] == [
        ("restatement", ["api-stays-2025", "api-statement-2025"])
    ]


def test_strict_fails_only_when_an_event_has_no_source_above_copy() -> None:
    failed = run("--store", str(SOURCING), "audit", "--strict")
    assert failed.code == 1
    assert failed.stdout == audit(SOURCING)
    assert failed.stderr == (
        "Error: 3 events with no source above copy (--strict): copies-2021, disputed-2023, "
        "unsupported-2024\n"
        "Cite a press or primary source for each.\n"
    )
    passed = run("--store", str(SOURCING), "audit", "--strict", "--kind", "investment")
    assert (passed.code, passed.stderr) == (0, "")
    assert run("--store", str(CONFLICTS), "audit", "--strict", "-f", "json").code == 0
    assert run("--store", str(SOURCING), "audit", "-f", "json").code == 0


def test_markdown_and_csv() -> None:
    assert audit(SOURCING, "-f", "csv") == (
        "id,date,best,sources,publishers,score,flags\n"
        "primary-2019,2019-07-22,primary,3,2,4,\n"
        "press-single-2020,2020,press,1,1,2,single source;no primary\n"
        "copies-2021,2021-03,copy,2,2,2,copies only;no primary\n"
        "reported-2022,2022-05-01,press,1,1,2,single source;no primary\n"
        "disputed-2023,2023,copy,1,1,1,single source;copies only;no primary\n"
        "unsupported-2024,2024-02-02,none,0,0,0,unsupported;no primary\n"
    )
    markdown = audit(SOURCING, "-f", "markdown")
    assert markdown.startswith(
        "# Audit\n\n## Summary\n\n| measure | value |\n|---|---|\n| events | 6 |\n"
        "| with a primary source | 1 (17%) |\n| single-sourced | 3 (50%) |\n| disputed | 2 |\n"
        "| undeclared conflicts | 0 |\n"
    )
    assert "\n## Conflicts\n\n(none)\n" in markdown
    assert markdown.endswith(
        "## Citations without url or archive\n\n| event | source | quote |\n|---|---|---|\n"
        "| reported-2022 | ledger | wants more capacity |\n"
    )


def test_no_events_is_said_on_stderr_and_still_reported() -> None:
    result = run("--store", str(SOURCING), "audit", "--search", "nothing like this")
    assert result.code == 0
    assert result.stderr == "No events match these filters.\n"
    assert result.stdout.splitlines()[0] == (
        "0 events; 0% with a primary source; 0% single-sourced; 0 disputed; 0 undeclared conflicts"
    )
    assert "Sources nobody cites (1)\nghost  Ghost Gazette · 2020 · press\n" in result.stdout


def test_usage_errors_exit_2() -> None:
    result = run("--store", str(SOURCING), "audit", "--kind", "nothing")
    assert result.code == 2
    assert result.stderr.startswith("Error: no kind 'nothing'\n")
    assert run("--store", str(SOURCING), "audit", "-f", "ics").code == 2


def test_store_text_is_printed_as_data() -> None:
    output = audit(HOSTILE)
    assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert "[bold red]x[/] remains \\u202e evil\n" in output
    assert "disputed by Pub \\x9b31m C1 [bold]x[/bold] · 2024-06-12 · press · s1\n" in output
    assert "“Dispute \\x07 bell”" in output
    assert "Label [/] \\x1b[2J" in output
    assert "s2  Ghost \\x1b[2J · 2024 · press\n" in output
    coloured = on_a_terminal("audit", store=HOSTILE).decode()
    assert "\x1b]" not in coloured and "\x07" not in coloured and "\u202e" not in coloured


@pytest.mark.parametrize(
    ("publisher", "name"),
    [
        ("The Register (copy at hardcracked.com)", "the register"),
        ("  The   Register ", "the register"),
        ("Fortune (Bloomberg, Dina Bass)", "fortune"),
        ("heise online", "heise online"),
    ],
)
def test_a_publisher_is_its_name_before_any_parenthesis(publisher: str, name: str) -> None:
    source = Source("s", "t", publisher, PartialDate.of(2024))
    assert publisher_name(source) == name


def test_percentages_round_half_up() -> None:
    assert [percent(1, 8), percent(1, 6), percent(2, 3), percent(0, 0)] == [
        "13%",
        "17%",
        "67%",
        "0%",
    ]


def test_the_bundled_store_declares_every_conflict() -> None:
    data = json.loads(run("audit", "--format", "json").stdout)
    assert data["summary"]["undeclared_conflicts"] == 0
    assert [c for c in data["conflicts"] if not c["declared"]] == []
    assert data["uncited_sources"] == []


def test_the_audit_heads_a_narrowed_store_with_its_lens() -> None:
    doubt = str(DATA / "doubt.yaml")
    known = run("--store", doubt, "audit", "--known-at", "2024-06-30", "--no-color")
    assert known.stdout.splitlines()[:2] == [
        "As known on 2024-06-30",
        "1 event; 0% with a primary source; 0% single-sourced; 1 disputed (date 1); "
        "0 undeclared conflicts",
    ]
    both = run("--store", doubt, "audit", "--known-at", "2024-06-30", "--confirmed")
    assert both.stdout.splitlines()[0] == "As known on 2024-06-30, confirmed events only"
    whole = run("--store", doubt, "audit")
    assert whole.stdout.splitlines()[0].startswith("2 events; 50% with a primary source")
