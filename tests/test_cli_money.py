"""The commands of money and capacity, exactly as they print, and their usage errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import DATA, run

STORE = str(DATA / "deals.yaml")


def view(*args: str) -> str:
    result = run("--store", STORE, *args)
    assert result.code == 0, result.stderr
    return result.stdout


def test_totals_count_each_deal_once_with_reports_apart() -> None:
    assert (
        view("totals", "--as-of", "2025-09-15")
        == """\
Totals as of 2025-09-15
Each deal counted once, at its latest figures; reported figures apart, never added to official ones;
measures and currencies never summed together.

Measure            Between                            Official   Reported   Deals
─────────────────────────────────────────────────────────────────────────────────
capacity-build     A venture (the deal's own total)      $500B                  1
compute-purchase   OpenAI → Oracle                                 ~$300B       1
"""
    )
    assert (
        view("totals", "--explain")
        == """\
Totals as of 2026-11-23
Each deal counted once, at its latest figures; reported figures apart, never added to official ones;
measures and currencies never summed together.

Measure            Between                            Official   Reported   Deals
─────────────────────────────────────────────────────────────────────────────────
capacity-build     A venture (the deal's own total)      $500B                  1
                     A venture: venture-2025             $500B
compute-purchase   OpenAI → Oracle                       $300B                  1
                     Oracle's $300B: confirmed           $300B
capacity           OpenAI, Oracle                       4.5 GW                  1
                     Oracle's $300B: gigawatts          4.5 GW

Amounts with no measure, not summed: untyped
"""
    )


def test_totals_as_json_are_numbers() -> None:
    data = json.loads(view("totals", "-f", "json"))
    assert data["command"] == "totals" and data["version"] == 3
    assert data["untyped"] == ["untyped"]
    purchase = data["lines"][1]
    assert purchase == {
        "measure": "compute-purchase",
        "unit": "USD",
        "payer": "openai",
        "payee": "oracle",
        "deal": None,
        "official": 300000000000.0,
        "reported": 0,
        "deals": ["oracle-300b"],
        "parts": [
            {
                "deal": "oracle-300b",
                "status": "official",
                "value": 300000000000.0,
                "events": ["confirmed"],
            }
        ],
    }


def test_totals_known_at_count_only_what_was_public() -> None:
    data = json.loads(view("totals", "-f", "json", "--known-at", "2025-09-15"))
    assert [(line["measure"], line["official"], line["reported"]) for line in data["lines"]] == [
        ("compute-purchase", 0, 300000000000.0)
    ]


def test_a_company_profile_keeps_a_venture_apart() -> None:
    text = view("show", "--company", "softbank")
    assert "Deals it is party to, counted on their own (not attributed to it):" in text
    assert "Amounts with no measure, not summed: untyped" in text


def test_deals_and_one_deal() -> None:
    rows = view("deals", "-f", "csv").splitlines()
    assert rows == [
        "id,name,parties,first,last,events,official,reported,status",
        "oracle-300b,Oracle's $300B,openai;oracle,2025-09-10,2025-09-23,3,"
        "300000000000 USD compute-purchase;4.5 GW,,official",
        "venture,A venture,openai;oracle;softbank,2025-01-21,2025-01-21,1,"
        "500000000000 USD capacity-build,,official",
    ]
    shown = json.loads(view("show", "--deal", "oracle-300b", "-f", "json"))["deal"]
    assert [e["id"] for e in shown["events"]] == ["report", "gigawatts", "confirmed"]


def test_amount_filters_and_sort() -> None:
    ids = json.loads(view("list", "-f", "json", "--min-amount", "$10 billion", "--sort", "amount"))
    assert [e["id"] for e in ids["events"]] == ["venture-2025", "report", "confirmed"]
    reverse = json.loads(
        view("list", "-f", "json", "--sort", "amount", "--reverse", "--max-amount", "300B")
    )
    assert [e["id"] for e in reverse["events"]] == ["untyped", "report", "confirmed"]
    capacity = json.loads(view("list", "-f", "json", "--min-capacity", "1GW"))
    assert [e["id"] for e in capacity["events"]] == ["gigawatts"]
    measure = json.loads(view("list", "-f", "json", "--measure", "compute-purchase"))
    assert [e["id"] for e in measure["events"]] == ["report", "confirmed"]
    deal = json.loads(view("export", "-f", "json", "--deal", "venture"))
    assert [e["id"] for e in deal["events"]] == ["venture-2025"]


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["list", "--min-amount", "lots"],
            "Error: 'lots' is not an amount (--min-amount)\nWrite it such as 10B, $10 billion, "
            "1.5T, 500M, 250000000 (money) or 10 GW, 500 MW (capacity)\n",
        ),
        (
            ["list", "--min-capacity", "10B"],
            "Error: '10B' is not a capacity, such as 1GW or 500 MW (--min-capacity)\nWrite it "
            "such as 10B, $10 billion, 1.5T, 500M, 250000000 (money) or 10 GW, 500 MW "
            "(capacity)\n",
        ),
        (
            ["show", "--deal", "oracle-30b"],
            "Error: no deal 'oracle-30b'\nDid you mean: oracle-300b?\n",
        ),
        (
            ["list", "--measure", "compute"],
            "Error: no measure 'compute'\nDid you mean: compute-purchase? Measures: "
            "equity-investment, funding-round, compute-purchase, capacity-build, valuation, "
            "guarantee, revenue-share\n",
        ),
        (
            ["list", "--sort", "size"],
            "Error: no order 'size' (--sort)\nOne of: date, amount, capacity\n",
        ),
    ],
)
def test_usage_errors(args: list[str], stderr: str) -> None:
    result = run("--store", STORE, *args)
    assert (result.code, result.stderr) == (2, stderr)


def test_totals_chart_draws_each_line_growing_over_time() -> None:
    assert (
        view("totals", "--chart", "--as-of", "2025-12-31")
        == """\
Commitments and capacity as of 2025-12-31
                2025
                ┬──────────────────────────────────────────────────────────────────────────▼
capacity-build (USD)
A venture *         ████████████████████████████████████████████████████████████████████████  $500B
compute-purchase (USD)
OpenAI → Oracle                                                        █████████████████████  $300B
~ reported                                                          ███
capacity (GW)
OpenAI, Oracle                                                        ██████████████████████  4.5 GW
▁▂▃▄▅▆▇█ cumulative figure, each section on its own scale
* a deal's own total, not attributed to its parties
~ reported, apart (never added to official) ▼ 2025-12-31
"""
    )


def test_totals_chart_series_are_the_totals_on_each_day_as_numbers() -> None:
    data = json.loads(view("totals", "--chart", "--as-of", "2025-12-31", "-f", "json"))
    assert data["from"]["value"] == "2025-01-01" and data["to"]["value"] == "2025-12-31"
    purchase = data["series"][1]
    assert (purchase["measure"], purchase["payer"], purchase["payee"]) == (
        "compute-purchase",
        "openai",
        "oracle",
    )
    assert purchase["steps"] == [
        {"day": "2025-09-10", "official": 0.0, "reported": 300000000000.0},
        {"day": "2025-09-23", "official": 300000000000.0, "reported": 0.0},
    ]
    assert [s["measure"] for s in data["series"]] == [
        "capacity-build",
        "compute-purchase",
        "capacity",
    ]


def test_totals_chart_saves_a_picture(tmp_path: Path) -> None:
    picture = tmp_path / "totals.svg"
    result = run(
        "--store", STORE, "totals", "--chart", "--as-of", "2025-12-31", "--svg", str(picture)
    )
    assert result.code == 0, result.stderr
    assert picture.read_text(encoding="utf-8").startswith("<svg")
    words = re.sub(r"<tspan[^>]*>|</tspan>", "", picture.read_text(encoding="utf-8"))
    assert "OpenAI&#160;→&#160;Oracle" in words


def test_show_company_filters_and_sorts_its_events_on_amounts() -> None:
    shown = view("show", "--company", "oracle", "--measure", "compute-purchase", "--reverse")
    assert shown.split("Events\n", 1)[1] == (
        """\
Date         Event                                          Amount
──────────────────────────────────────────────────────────────────
2025
2025-09-23   OpenAI confirms $300B                           $300B
             statement  OpenAI, Oracle  ★1  confirmed
2025-09-10   A report of $300B                              ~$300B
             report  OpenAI, Oracle  reported  ●1  report
"""
    )
    by_amount = view("show", "-c", "oracle", "--min-amount", "$400 billion", "--sort", "amount")
    assert by_amount.split("Events\n", 1)[1].splitlines()[3] == (
        "2025-01-21   A venture to invest $500B                                    $500B"
    )
    capacity = json.loads(view("show", "-c", "oracle", "--min-capacity", "1GW", "-f", "json"))
    assert [e["id"] for e in capacity["events"]] == ["gigawatts"]
    wrong = run("--store", STORE, "show", "-c", "oracle", "--sort", "size")
    assert wrong.code == 2
    assert wrong.stderr == "Error: no order 'size' (--sort)\nOne of: date, amount, capacity\n"
