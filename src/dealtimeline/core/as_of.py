"""The day a reading is "as of": the state's, and a company profile's."""

from __future__ import annotations

from datetime import date

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.query import Filters


def state_as_of(period: PartialDate) -> date:
    """The state is read at the end of the period asked for (today, when none is)."""
    return period.end


def profile_as_of(filters: Filters, today: date) -> date:
    """A company's terms are read at the end of --until (else --during), never after
    today; today when neither is given."""
    limit = filters.until or filters.during
    return min(limit.end, today) if limit else today
