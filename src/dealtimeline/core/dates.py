"""Partial dates and periods: the one place that knows spans, overlap and precision.

A store date is written with the precision its sources support (`2022`, `2024-06`,
`2024-06-11`) and stands for its whole span. A period typed on the command line may also
be a quarter (`2024Q3`), `today`, or anything python-dateutil reads (`June 2024`).
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from dealtimeline.core.patterns import LazyPattern

Precision = Literal["day", "month", "quarter", "year"]

_RANK: dict[str, int] = {"day": 0, "month": 1, "quarter": 2, "year": 3}
# ASCII digits only: `\d` would take any script's (Arabic-Indic or fullwidth digits) as a year.
_STORE_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")
_QUARTER = LazyPattern(
    r"([0-9]{4})\s*-?\s*q([1-4])|q([1-4])\s*-?\s*([0-9]{4})", re.IGNORECASE | re.ASCII
)

# Two numbers then a year (`05/06/2024`, `5.6.24`): day first in most of the world, month
# first in the US. Read only when the numbers say which is which (`13/06/2024`).
_NUMERIC_DAY = LazyPattern(r"([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{2}|[0-9]{4})")

STORE_DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD (2022, 2024-06, 2024-06-11)"
PERIOD_FORMS = (
    "accepted forms: 2024, 2024-06, 2024-06-11, 2024Q3, today, "
    "or a date such as 'June 2024' or 'Jan 21 2025'"
)


@dataclass(frozen=True, repr=False)
class PartialDate:
    """A date known to a year, quarter, month or day; it stands for its whole span."""

    start: date
    precision: Precision

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        """The year, month or day given; raises ValueError for a date that does not exist."""
        if month is None:
            return cls(date(year, 1, 1), "year")
        if day is None:
            return cls(date(year, month, 1), "month")
        return cls(date(year, month, day), "day")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> PartialDate:
        return cls(date(year, 3 * quarter - 2, 1), "quarter")

    @property
    def end(self) -> date:
        """The last day of the span."""
        start = self.start
        if self.precision == "day":
            return start
        if self.precision == "month":
            return start.replace(day=calendar.monthrange(start.year, start.month)[1])
        if self.precision == "quarter":
            last_month = start.month + 2
            return date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])
        return date(start.year, 12, 31)

    @property
    def days(self) -> int:
        """How many days the span lasts, first and last included."""
        return (self.end - self.start).days + 1

    @property
    def iso(self) -> str:
        """The machine form: `2024`, `2024Q3`, `2024-06`, `2024-06-11`."""
        start = self.start
        if self.precision == "day":
            return start.isoformat()
        if self.precision == "month":
            return f"{start.year:04d}-{start.month:02d}"
        if self.precision == "quarter":
            return f"{start.year:04d}Q{(start.month + 2) // 3}"
        return f"{start.year:04d}"

    @property
    def display(self) -> str:
        """The form views show: `2022`, `Q3 2024`, `Jun 2024`, `2024-06-11`."""
        if self.precision == "month":
            return f"{calendar.month_abbr[self.start.month]} {self.start.year}"
        if self.precision == "quarter":
            return f"Q{(self.start.month + 2) // 3} {self.start.year}"
        return self.iso

    @property
    def sort_key(self) -> tuple[int, int]:
        """First day of the span, then the finer precision first."""
        return (self.start.toordinal(), _RANK[self.precision])

    def overlaps(self, other: PartialDate) -> bool:
        return self.start <= other.end and other.start <= self.end

    def straddles(self, day: date) -> bool:
        """True when the span begins on or before `day` and ends after it."""
        return self.start <= day < self.end

    def previous(self) -> PartialDate:
        """The period of the same precision just before this one."""
        return _from_day_with_precision(self.start - timedelta(days=1), self.precision)

    def __str__(self) -> str:
        return self.display


def _from_day_with_precision(day: date, precision: Precision) -> PartialDate:
    if precision == "quarter":
        return PartialDate.quarter(day.year, (day.month + 2) // 3)
    if precision == "year":
        return PartialDate.of(day.year)
    if precision == "month":
        return PartialDate.of(day.year, day.month)
    return PartialDate(day, "day")


def parse_store_date(text: str) -> PartialDate:
    """Read a store date (`2022`, `2024-06`, `2024-06-11`); ValueError says what is wrong."""
    _ascii_digits(text)
    match = _STORE_DATE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has month {month}, which does not exist")
    if month is not None and day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"'{text}' has day {day}, but that month has {last} days")
    return PartialDate.of(year, month, day)


def parse_period(text: str, today: date) -> PartialDate:
    """Read a period typed on the command line, keeping the precision written."""
    _ascii_digits(text)
    cleaned = text.strip()
    if cleaned.lower() == "today":
        return PartialDate(today, "day")
    if _STORE_DATE.fullmatch(cleaned):
        return parse_store_date(cleaned)
    quarter = _QUARTER.fullmatch(cleaned)
    if quarter:
        year, number = (quarter[1], quarter[2]) if quarter[1] else (quarter[4], quarter[3])
        return PartialDate.quarter(int(year), int(number))
    return _parse_free_form(cleaned)


def _ascii_digits(text: str) -> None:
    if any(character.isdigit() and not character.isascii() for character in text):
        raise ValueError(f"'{text}' has digits other than 0-9")


def _parse_free_form(text: str) -> PartialDate:
    numeric = _NUMERIC_DAY.fullmatch(text)
    if (
        numeric
        and int(numeric[1]) != int(numeric[3])
        and max(int(numeric[1]), int(numeric[3])) <= 12
    ):
        raise ValueError(f"'{text}' could be day first or month first; write it as YYYY-MM-DD")
    from dateutil import parser as dateutil_parser

    # Parsing twice with defaults that differ in every field shows which fields were written.
    try:
        first = dateutil_parser.parse(text, default=datetime(2000, 1, 1))
        second = dateutil_parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError) as error:
        raise ValueError(f"cannot read '{text}' as a period") from error
    if first.year != second.year:
        raise ValueError(f"'{text}' has no year")
    if first.month != second.month:
        if first.day != second.day:
            return PartialDate.of(first.year)
        raise ValueError(f"'{text}' has a day but no month")
    if first.day != second.day:
        return PartialDate.of(first.year, first.month)
    return PartialDate.of(first.year, first.month, first.day)


def today() -> date:
    """Today, or the day in DEALTIMELINE_TODAY (YYYY-MM-DD) for reproducible output."""
    fixed = os.environ.get("DEALTIMELINE_TODAY")
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return date.today()


def in_effect_from(effective: PartialDate | None, event_date: PartialDate) -> date:
    """A change is in effect from the first day of its `effective` date, else of its event's."""
    return (effective or event_date).start
