"""Partial dates and periods: parsing, spans, ordering and display."""

from __future__ import annotations

from datetime import date

import pytest

from dealtimeline.core.dates import PartialDate, parse_period, parse_store_date

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("written", "precision", "start", "end", "display"),
    [
        ("2022", "year", "2022-01-01", "2022-12-31", "2022"),
        ("2024-06", "month", "2024-06-01", "2024-06-30", "Jun 2024"),
        ("2024-02", "month", "2024-02-01", "2024-02-29", "Feb 2024"),
        ("2024-06-11", "day", "2024-06-11", "2024-06-11", "2024-06-11"),
        ("2024-6-1", "day", "2024-06-01", "2024-06-01", "2024-06-01"),
    ],
)
def test_store_dates(written: str, precision: str, start: str, end: str, display: str) -> None:
    parsed = parse_store_date(written)
    assert parsed.precision == precision
    assert parsed.start.isoformat() == start
    assert parsed.end.isoformat() == end
    assert parsed.display == display


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-13", "'2024-13' has month 13, which does not exist"),
        ("2024-00", "'2024-00' has month 0, which does not exist"),
        ("2023-02-29", "'2023-02-29' has day 29, but that month has 28 days"),
        ("June", "'June' is not a date"),
        ("2024Q3", "'2024Q3' is not a date"),
        ("24-06-11", "'24-06-11' is not a date"),
    ],
)
def test_store_dates_refused(written: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_store_date(written)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("typed", "iso", "precision", "start", "end"),
    [
        ("2024", "2024", "year", "2024-01-01", "2024-12-31"),
        ("2024-06", "2024-06", "month", "2024-06-01", "2024-06-30"),
        ("2024-06-11", "2024-06-11", "day", "2024-06-11", "2024-06-11"),
        ("2024Q3", "2024Q3", "quarter", "2024-07-01", "2024-09-30"),
        ("2024q1", "2024Q1", "quarter", "2024-01-01", "2024-03-31"),
        ("Q4 2025", "2025Q4", "quarter", "2025-10-01", "2025-12-31"),
        ("2025-Q2", "2025Q2", "quarter", "2025-04-01", "2025-06-30"),
        ("today", "2026-11-23", "day", "2026-11-23", "2026-11-23"),
        ("Today", "2026-11-23", "day", "2026-11-23", "2026-11-23"),
        ("June 2024", "2024-06", "month", "2024-06-01", "2024-06-30"),
        ("Jan 21 2025", "2025-01-21", "day", "2025-01-21", "2025-01-21"),
        ("21 January 2025", "2025-01-21", "day", "2025-01-21", "2025-01-21"),
        ("2024/06/11", "2024-06-11", "day", "2024-06-11", "2024-06-11"),
        ("13/06/2024", "2024-06-13", "day", "2024-06-13", "2024-06-13"),
        ("06/13/2024", "2024-06-13", "day", "2024-06-13", "2024-06-13"),
        ("13.06.2024", "2024-06-13", "day", "2024-06-13", "2024-06-13"),
        ("06/06/2024", "2024-06-06", "day", "2024-06-06", "2024-06-06"),
    ],
)
def test_periods(typed: str, iso: str, precision: str, start: str, end: str) -> None:
    period = parse_period(typed, TODAY)
    assert (period.iso, period.precision) == (iso, precision)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("June", "'June' has no year"),
        ("yesterday-ish", "cannot read 'yesterday-ish' as a period"),
        ("2024Q5", "cannot read '2024Q5' as a period"),
        ("2024-13", "'2024-13' has month 13, which does not exist"),
        ("", "cannot read '' as a period"),
        ("05/06/2024", "'05/06/2024' could be day first or month first; write it as YYYY-MM-DD"),
        ("5.6.24", "'5.6.24' could be day first or month first; write it as YYYY-MM-DD"),
        ("05-06-2024", "'05-06-2024' could be day first or month first; write it as YYYY-MM-DD"),
    ],
)
def test_periods_refused(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_period(typed, TODAY)
    assert str(caught.value) == message


def test_sorting_puts_the_first_day_first_then_the_finer_precision() -> None:
    written = ["2024", "2024-06", "2024-01", "2024-01-01", "2023-12-31", "2024-06-11"]
    ordered = sorted((parse_store_date(w) for w in written), key=lambda d: d.sort_key)
    assert [d.iso for d in ordered] == [
        "2023-12-31",
        "2024-01-01",
        "2024-01",
        "2024",
        "2024-06",
        "2024-06-11",
    ]


def test_overlap_straddle_and_previous() -> None:
    year = PartialDate.of(2025)
    june = PartialDate.of(2025, 6)
    assert year.overlaps(june) and june.overlaps(year)
    assert not PartialDate.of(2024).overlaps(june)
    assert year.straddles(june.end)
    assert not year.straddles(year.end)
    assert not june.straddles(date(2025, 5, 31))
    assert [p.iso for p in (year.previous(), june.previous())] == ["2024", "2025-05"]
    assert PartialDate.quarter(2025, 1).previous().iso == "2024Q4"
    assert PartialDate.of(2025, 1, 1).previous().iso == "2024-12-31"
    assert PartialDate.quarter(2024, 3).display == "Q3 2024"
