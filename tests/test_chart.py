"""The chart and the SVG pictures of the views."""

from __future__ import annotations

import json
from pathlib import Path

from dealtimeline.store.locate import bundled_store
from tests.helpers import DATA, TINY, on_a_terminal, run

DOUBT = DATA / "doubt.yaml"


def test_chart_draws_terms_as_bars_and_events_as_marks() -> None:
    result = run("--store", str(TINY), "chart")
    assert (result.code, result.stderr) == (0, "")
    assert (
        result.stdout
        == """\
            2019          '20-21 2022        2023 2024          2025               2026 2027
            ┬─────────────┬┄┄┄┄┄┄┬───────────┬┄┄┄┄┬─────────────┬──────────────────┬┄┄┄▼┬───────────
Terms
Microsoft's hold on OpenAI's cloud
                    ┣exclusive━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┣1
Oracle capacity for OpenAI
                                                             ┣about $10B of capacity━━━━┣2━━━━━━━━━━
Events
 Microsoft         ●                                        ○    ●            ●
 OpenAI            ●             !                          ○    ●           2
 Oracle                          !                          ○                ○
Disputed
2022        oracle-claim-2022  disputed
Values
1  2025-01-21  right of first refusal
2  2027        4.5 GW from 2027
┄ quiet, drawn narrower: 2020-2021, 2023, 2026
┣ a new value; ┣1 its value under Values
● event ○ reported ! in doubt ? date? 2-99 events ▼ today
"""
    )


def test_chart_fits_the_width_and_takes_the_filters() -> None:
    result = run(
        "--store", str(TINY), "chart", "-c", "oracle", "--since", "2024", env={"COLUMNS": "60"}
    )
    assert result.stdout.splitlines() == [
        "         2024              2025          2026 2027",
        "         ┬─────────────────┬─────────────┬┄┄┄▼┬─────────────",
        "Terms",
        "Oracle capacity for OpenAI",
        "                       ┣about $10B of capacity┣1━━━━━━━━━━━━",
        "Events",
        " Oracle               ○             ○",
        "Values",
        "1  2027        4.5 GW from 2027",
        "┄ quiet, drawn narrower: 2026",
        "┣ a new value; ┣1 its value under Values",
        "● event ○ reported ! in doubt ? date? 2-99 events ▼ today",
    ]
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


def test_chart_json_gives_the_segments() -> None:
    data = json.loads(run("--store", str(TINY), "chart", "-f", "json").stdout)
    assert data["command"] == "chart"
    assert [
        (t["term"], [(s["start"], s["value"], s["event"]) for s in t["segments"]])
        for t in data["terms"]
    ] == [
        (
            "cloud-exclusivity",
            [
                ("2019-01-01", None, None),
                ("2019-07-22", "exclusive", "invest-2019"),
                ("2025-01-21", "right of first refusal", "rofr-2025"),
                ("2025-10-01", None, "no-rofr-2025"),
            ],
        ),
        (
            "oracle-capacity",
            [
                ("2019-01-01", None, None),
                ("2024-10-01", "about $10B of capacity", "oracle-deal-2024"),
                ("2027-01-01", "4.5 GW from 2027", "oracle-300b-2025"),
            ],
        ),
    ]


def test_chart_marks_the_aspects_disputed_red_only_when_in_doubt() -> None:
    result = run("--store", str(DOUBT), "chart", env={"COLUMNS": "80"})
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[8:] == [
        " OpenAI                                       ?                     !",
        " CloudCo                                      ?                     !",
        "Disputed",
        "2024-03-01  sign-2024  date?",
        "2024-12-15  expand-2024  happened?",
        "┄ quiet, drawn narrower: 2021-2023, 2025-2026",
        "┣ a new value",
        "● event ○ reported ! in doubt ? date? 2-99 events ▼ today",
    ]
    styles = on_a_terminal("chart", store=DOUBT).decode()
    assert "\x1b[33m  date?\x1b[0m" in styles  # a date quibble in yellow
    assert "\x1b[1;31m  happened?\x1b[0m" in styles  # in doubt: red


def test_chart_heads_a_narrowed_store_with_its_lens() -> None:
    known = run("--store", str(DOUBT), "chart", "--known-at", "2024-06-30")
    assert known.stdout.splitlines()[0] == "As known on 2024-06-30"
    assert "expand-2024" not in known.stdout
    confirmed = run("--store", str(TINY), "chart", "--confirmed", "--known-at", "2025-01-20")
    assert confirmed.stdout.splitlines()[0] == "As known on 2025-01-20, confirmed events only"


def test_chart_json_gives_each_value_its_doubt() -> None:
    data = json.loads(run("--store", str(DOUBT), "chart", "-f", "json").stdout)
    assert (data["known_at"], data["confirmed"]) == (None, False)
    assert [
        (s["value"], s["event"], s["status"], s["disputed"], s["in_doubt"], s["sourcing"])
        for s in data["terms"][0]["segments"]
    ] == [
        (None, None, None, [], False, None),
        (
            "1 GW",
            "sign-2024",
            "official",
            ["date"],
            False,
            {"best": "press", "publishers": 2, "score": 3},
        ),
        (
            "3 GW",
            "expand-2024",
            "official",
            ["occurred"],
            True,
            {"best": "primary", "publishers": 1, "score": 3},
        ),
    ]


def test_chart_csv_has_the_columns_of_state() -> None:
    result = run("--store", str(DOUBT), "chart", "-f", "csv")
    state = run("--store", str(DOUBT), "state", "-f", "csv")
    assert result.stdout.splitlines()[0] == state.stdout.splitlines()[0]
    assert result.stdout == (
        "term,value,since,event,status,disputed,sourcing\n"
        "CloudCo capacity for OpenAI,1 GW,2024-03-01,sign-2024,official,date,●2\n"
        "CloudCo capacity for OpenAI,3 GW,2024-12-15,expand-2024,official,occurred,★1\n"
        "CloudCo's licence to OpenAI's models,exclusive,2020-09-22,sign-2024,official,date,●2\n"
    )


def test_every_reading_view_saves_an_svg(tmp_path: Path) -> None:
    for name, args in {
        "list": ["list"],
        "diff": ["diff", "2024", "2025"],
        "chart": ["chart"],
        "show": ["show", "--company", "oracle"],
        "state": ["state"],
    }.items():
        picture = tmp_path / f"{name}.svg"
        result = run("--store", str(TINY), *args, "--svg", str(picture))
        assert result.code == 0, name
        assert result.stderr == f"Saved the picture to {picture}\n"
        content = picture.read_text()
        assert content.startswith("<svg")
        assert "dealtimeline" in content


def test_the_bundled_store_charts_at_80_and_200_columns() -> None:
    for width in ("80", "200"):
        result = run("--store", str(bundled_store()), "chart", env={"COLUMNS": width})
        assert result.code == 0
        assert max(len(line) for line in result.stdout.splitlines()) <= int(width)


def test_a_chart_after_or_before_the_store_is_that_year_alone() -> None:
    late = run("--store", str(TINY), "chart", "--since", "2030", "-f", "json")
    assert (late.code, late.stderr) == (0, "No events match these filters.\n")
    data = json.loads(late.stdout)
    assert (data["from"]["value"], data["to"]["value"]) == ("2030-01-01", "2030-12-31")
    assert [
        (t["term"], [(s["start"], s["end"], s["value"], s["event"]) for s in t["segments"]])
        for t in data["terms"]
    ] == [
        ("cloud-exclusivity", [("2030-01-01", "2030-12-31", None, "no-rofr-2025")]),
        ("oracle-capacity", [("2030-01-01", "2030-12-31", "4.5 GW from 2027", "oracle-300b-2025")]),
    ]
    drawn = run("--store", str(TINY), "chart", "--since", "2030", env={"COLUMNS": "60"})
    assert drawn.code == 0
    assert drawn.stdout.splitlines()[0].split() == ["2030"]
    early = run("--store", str(TINY), "chart", "--until", "2018")
    assert (early.code, early.stdout, early.stderr) == (
        0,
        "Nothing to chart: no term has a value in this span and no event matches.\n",
        "No events match these filters.\n",
    )
