"""What an option's text means: a period, an amount or a capacity, an aspect, an order;
each read once here, with a usage error that names the option and the accepted forms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dealtimeline.core.errors import DealtimelineError

if TYPE_CHECKING:
    from dealtimeline.core.dates import PartialDate
    from dealtimeline.core.quantities import Quantity


def sort_order(sort: str) -> str:
    """`--sort`, checked: one of the orders the core sorts by."""
    from dealtimeline.core.quantities import SORTS

    if sort not in SORTS:
        raise DealtimelineError.usage(f"no order '{sort}' (--sort)", "One of: " + ", ".join(SORTS))
    return sort


def aspect(text: str | None) -> str | None:
    """The aspect `--disputed` names (`any` when it names none); did-you-mean otherwise."""
    import difflib

    from dealtimeline.core.model import ASPECTS
    from dealtimeline.core.query import ANY_ASPECT

    if text is None or text in ASPECTS or text == ANY_ASPECT:
        return text
    from dealtimeline.serialize.doubt import ASPECT_NAMES

    # The word the views use for an aspect (`happened` for `occurred`) names it too.
    named = {word: name for name, word in ASPECT_NAMES.items() if name in ASPECTS}
    if text in named:
        return named[text]
    close = difflib.get_close_matches(text, ASPECTS, n=1, cutoff=0.6)
    fix = f"did you mean '{close[0]}'? " if close else ""
    raise DealtimelineError.usage(
        f"unknown aspect '{text}' (--disputed)", fix + "One of: " + ", ".join(ASPECTS)
    )


def quantity(text: str | None, option: str, capacity: bool) -> Quantity | None:
    """An amount (or, with `capacity`, a capacity) typed for `option`; a usage error
    giving the accepted forms otherwise."""
    from dealtimeline.core.quantities import FORMS, parse_quantity

    if text is None:
        return None
    try:
        found = parse_quantity(text)
    except ValueError as error:
        raise DealtimelineError.usage(f"{error} ({option})", f"Write it {FORMS}") from None
    if found.capacity != capacity:
        wanted = "a capacity, such as 1GW or 500 MW" if capacity else "money, such as 10B"
        raise DealtimelineError.usage(f"'{text}' is not {wanted} ({option})", f"Write it {FORMS}")
    return found


def amount_range(least: str | None, most: str | None) -> tuple[Quantity | None, Quantity | None]:
    """`--min-amount` and `--max-amount` read; a usage error when the least is more."""
    low, high = quantity(least, "--min-amount", False), quantity(most, "--max-amount", False)
    # Amounts compare when in one currency, or when one of them names none.
    one_currency = low and high and (low.unit == high.unit or None in (low.unit, high.unit))
    if low and high and one_currency and low.value > high.value:
        raise DealtimelineError.usage(
            f"--min-amount {least} is more than --max-amount {most}",
            f"Swap them: --min-amount {most} --max-amount {least}",
        )
    return low, high


def period(text: str, option: str) -> PartialDate:
    """A period typed on the command line; a usage error naming the option otherwise."""
    from dealtimeline.core.dates import PERIOD_FORMS, parse_period, today

    try:
        return parse_period(text, today())
    except ValueError as error:
        raise DealtimelineError.usage(
            f"{error} ({option})", PERIOD_FORMS[0].upper() + PERIOD_FORMS[1:]
        ) from None


def optional_period(text: str | None, option: str) -> PartialDate | None:
    return None if text is None else period(text, option)


def period_range(
    since: str | None, until: str | None
) -> tuple[PartialDate | None, PartialDate | None]:
    """`--since` and `--until` read; a usage error naming both when the range is
    reversed (it would keep nothing, and say only that nothing matches)."""
    start, end = optional_period(since, "--since"), optional_period(until, "--until")
    if start is not None and end is not None and start.start > end.end:
        raise DealtimelineError.usage(
            f"--since {since} ({start.start}) is after --until {until} ({end.end})",
            f"Swap them: --since {until} --until {since}",
        )
    return start, end
