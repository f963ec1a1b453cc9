"""The chart and the SVG pictures of the views."""

from __future__ import annotations

import json
from pathlib import Path

from dealtimeline.store.locate import bundled_store
from tests.helpers import TINY, run


def test_chart_draws_terms_as_bars_and_events_as_marks() -> None:
    result = run("--store", str(TINY), "chart")
    assert (result.code, result.stderr) == (0, "")
    assert (
        result.stdout
        == """\
                          2019    2020    2021    2022    2023     2024    2025    2026    2027
                          ┬───────┬───────┬───────┬───────┬────────┬───────┬───────┬──────▼┬────────
Terms
Microsoft's hold on Open…      ┣exclusive━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┣righ…
Oracle capacity for Open…                                                 ┣about $10B of ca…┣4.5 GW…
Events
Microsoft                     ●                                          ○ ●     ●
OpenAI                        ●                   !                      ○ ●    ○●
Oracle                                            !                      ○      ○
┣ new value (… cut; full values: dealtimeline state)
● event ○ reported ! disputed 2-9 events in a column ▼ today
"""
    )


def test_chart_fits_the_width_and_takes_the_filters() -> None:
    result = run(
        "--store", str(TINY), "chart", "-c", "oracle", "--since", "2024", env={"COLUMNS": "60"}
    )
    assert result.stdout.splitlines() == [
        "                2024       2025       2026      2027",
        "                ┬──────────┬──────────┬────────▼┬───────────",
        "Terms",
        "Oracle capacit…          ┣about $10B of capacity━┣4.5 GW fr…",
        "Events",
        "Oracle                  ○         ○",
        "┣ new value (… cut; full values: dealtimeline state)",
        "● event ○ reported ! disputed 2-9 events in a column ▼ today",
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
