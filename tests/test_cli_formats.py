"""The output formats: the JSON contract, CSV, Markdown and YAML, piped or on a terminal."""

from __future__ import annotations

import json

import yaml

from tests.helpers import TINY, on_a_terminal, piped, run

DATE_KEYS = ["end", "precision", "start", "value"]


def data(*args: str) -> dict[str, object]:
    result = run("--store", str(TINY), *args, "--format", "json")
    assert (result.code, result.stderr) == (0, "")
    parsed = json.loads(result.stdout)
    assert isinstance(parsed, dict)
    assert result.stdout == json.dumps(parsed, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return parsed


def test_list_json_is_the_documented_contract() -> None:
    assert data("list", "--limit", "1", "--kind", "investment") == {
        "version": 3,
        "command": "list",
        "known_at": None,
        "confirmed": False,
        "count": 1,
        "filters": {
            "all_companies": False,
            "companies": [],
            "confirmed": False,
            "disputed": None,
            "during": None,
            "kinds": ["investment"],
            "limit": 1,
            "reverse": False,
            "search": None,
            "since": None,
            "until": None,
            "deals": [],
            "measures": [],
            "min_amount": None,
            "max_amount": None,
            "min_capacity": None,
            "sort": "date",
        },
        "events": [
            {
                "id": "invest-2019",
                "date": {
                    "value": "2019-07-22",
                    "precision": "day",
                    "start": "2019-07-22",
                    "end": "2019-07-22",
                },
                "announced": None,
                "title": "Microsoft invests $1B in OpenAI",
                "summary": "Microsoft puts in a billion dollars and becomes the exclusive cloud.",
                "kind": "investment",
                "companies": ["microsoft", "openai"],
                "deal": None,
                "supersedes": [],
                "status": "official",
                "disputed": [],
                "in_doubt": False,
                "confirmed": True,
                "known": {
                    "value": "2019-07-22",
                    "precision": "day",
                    "start": "2019-07-22",
                    "end": "2019-07-22",
                },
                "sourcing": {"best": "press", "publishers": 1, "score": 2},
                "amount": {
                    "value": 1000000000,
                    "currency": "USD",
                    "measure": None,
                    "payer": None,
                    "payee": None,
                    "over": None,
                    "note": None,
                },
                "capacity": None,
                "citations": [
                    {
                        "source": "paper-2019",
                        "publisher": "The Paper",
                        "published": {
                            "value": "2019-07-22",
                            "precision": "day",
                            "start": "2019-07-22",
                            "end": "2019-07-22",
                        },
                        "url": "https://example.com/2019",
                        "grade": "press",
                        "quote": "Microsoft will become the exclusive cloud provider",
                        "role": "supports",
                        "disputes": [],
                        "claims": None,
                        "note": None,
                        "speaker": None,
                    }
                ],
                "changes": [
                    {
                        "term": "cloud-exclusivity",
                        "value": "exclusive",
                        "ends": False,
                        "effective": None,
                        "since": None,
                    }
                ],
            }
        ],
    }


def test_partial_dates_in_json_keep_their_precision() -> None:
    events = data("list", "--kind", "partnership", "--kind", "terms")["events"]
    assert isinstance(events, list)
    assert [e["date"] for e in events] == [
        {"value": "2022", "precision": "year", "start": "2022-01-01", "end": "2022-12-31"},
        {"value": "2025-01-21", "precision": "day", "start": "2025-01-21", "end": "2025-01-21"},
        {"value": "2025-10", "precision": "month", "start": "2025-10-01", "end": "2025-10-31"},
    ]


def test_every_command_has_an_envelope() -> None:
    shapes = {
        ("list",): ["command", "confirmed", "count", "events", "filters", "known_at", "version"],
        ("show", "rofr-2025"): ["command", "confirmed", "event", "known_at", "version"],
        ("show", "--company", "oracle"): [
            "as_of",
            "command",
            "company",
            "confirmed",
            "events",
            "known_at",
            "terms",
            "totals",
            "upcoming",
            "version",
        ],
        ("diff", "2024", "2025"): [
            "added",
            "backwards",
            "changed",
            "command",
            "confirmed",
            "ended",
            "events",
            "from",
            "known",
            "known_at",
            "to",
            "upcoming",
            "version",
        ],
        ("state",): ["as_of", "command", "confirmed", "known_at", "terms", "upcoming", "version"],
        ("terms",): ["command", "confirmed", "known_at", "terms", "version"],
        ("history", "cloud-exclusivity"): [
            "command",
            "confirmed",
            "known_at",
            "label",
            "term",
            "values",
            "version",
        ],
        ("companies",): ["command", "companies", "version"],
        ("sources",): ["command", "sources", "version"],
    }
    for args, keys in shapes.items():
        payload = data(*args)
        assert sorted(payload) == keys, args
        assert payload["version"] == 3
        assert payload["command"] == args[0]


def test_show_event_json_gives_the_value_before_each_change() -> None:
    event = data("show", "rofr-2025")["event"]
    assert isinstance(event, dict)
    assert event["changes"] == [
        {
            "term": "cloud-exclusivity",
            "value": "right of first refusal",
            "ends": False,
            "effective": None,
            "since": None,
            "before": {
                "value": "exclusive",
                "event": "invest-2019",
                "date": {
                    "value": "2019-07-22",
                    "precision": "day",
                    "start": "2019-07-22",
                    "end": "2019-07-22",
                },
                "effective": {
                    "value": "2019-07-22",
                    "precision": "day",
                    "start": "2019-07-22",
                    "end": "2019-07-22",
                },
                "since": None,
                "status": "official",
                "disputed": [],
                "in_doubt": False,
            },
        }
    ]


def test_diff_json_names_the_cause_and_the_steps() -> None:
    diff = data("diff", "2024", "2025", "--unchanged")
    assert (diff["added"], diff["changed"]) == ([], [])
    ended = diff["ended"]
    assert isinstance(ended, list)
    assert [(e["term"], e["before"], e["after"], e["cause"]["event"]) for e in ended] == [
        ("cloud-exclusivity", "exclusive", None, "no-rofr-2025")
    ]
    assert [s["event"] for s in ended[0]["steps"]] == ["rofr-2025", "no-rofr-2025"]
    unchanged = diff["unchanged"]
    assert isinstance(unchanged, list)
    assert [u["term"] for u in unchanged] == ["oracle-capacity"]
    upcoming = diff["upcoming"]
    assert isinstance(upcoming, list)
    assert [(u["term"], u["value"], u["effective"]["value"]) for u in upcoming] == [
        ("oracle-capacity", "4.5 GW from 2027", "2027")
    ]


def test_csv_has_stable_columns_and_crlf_line_ends() -> None:
    assert piped("list", "--kind", "terms", "-f", "csv").decode() == (
        "id,date,precision,kind,companies,title,amount,currency,status,disputed,sources,"
        "deal,measure,from,to,over,capacity,capacity_unit\r\n"
        "rofr-2025,2025-01-21,day,terms,microsoft;openai,Microsoft moves to a right of first "
        "refusal,,,official,no,blog-2025,,,,,,,\r\n"
        "no-rofr-2025,2025-10,month,terms,microsoft;openai,Microsoft gives up its right of "
        "first refusal,,,official,no,blog-2025,,,,,,,\r\n"
    )


def test_markdown_table() -> None:
    result = run(
        "--store",
        str(TINY),
        "list",
        "-c",
        "msft",
        "-c",
        "oracle",
        "--all-companies",
        "-f",
        "markdown",
    )
    assert result.stdout == (
        "# Events\n\n"
        "| id | date | precision | kind | companies | title | amount | currency | status | "
        "disputed | sources | deal | measure | from | to | over | capacity | capacity_unit |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        "| oracle-deal-2024 | 2024-10 | month | capacity | oracle;openai;microsoft | A reported "
        "$10B Oracle deal | 10000000000 | USD | reported | no | rumour-2024 |  |  |  |  |  |  |  "
        "|\n"
    )


def test_yaml_is_the_json_payload() -> None:
    result = run("--store", str(TINY), "companies", "-f", "yaml")
    assert yaml.safe_load(result.stdout) == data("companies")


def test_a_format_a_view_does_not_have_is_a_usage_error() -> None:
    result = run("--store", str(TINY), "show", "rofr-2025", "-f", "csv")
    assert (result.code, result.stdout, result.stderr) == (
        2,
        "",
        "Error: no format 'csv' here\nFormats for this command: rich, json, markdown, yaml\n",
    )


def test_json_is_the_same_on_a_terminal_and_in_a_pipe() -> None:
    assert on_a_terminal("list", "-f", "json") == piped("list", "-f", "json")


def test_colour_on_a_terminal_only() -> None:
    coloured = on_a_terminal("list")
    assert b"\x1b[" in coloured
    assert b"\x1b[" not in piped("list")
    assert b"\x1b[" not in on_a_terminal("list", "--no-color")
    assert b"\x1b[" not in on_a_terminal("--no-color", "list")
