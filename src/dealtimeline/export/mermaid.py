"""The events as a Mermaid `timeline` diagram: a section per year, one entry per event.

Mermaid reads `:` as the end of a period, `;` as the end of a statement, `#` as the start
of an entity and `%%` as a comment, and renders labels as HTML: all of these, and `<`, `>`
and `&`, are written as Mermaid entity codes (`#58;`); line breaks become spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dealtimeline.core.model import Event, Store
from dealtimeline.core.query import Filters
from dealtimeline.core.sanitize import one_line
from dealtimeline.export.common import HEADING, by_year, figures, subtitle

_SPECIAL = re.compile(r"[#:;%<>&{}\[\]\"`]")


def label(value: str) -> str:
    """Text on one line (controls shown as escapes), with Mermaid's special characters coded."""
    return _SPECIAL.sub(lambda m: f"#{ord(m.group())};", one_line(value))


def to_mermaid(store: Store, events: Sequence[Event], filters: Filters | None = None) -> str:
    """The diagram's text, to paste into a ```mermaid block or the Mermaid live editor;
    its title says what filters chose the events."""
    held = subtitle(events, store, filters)
    lines = ["timeline", f"    title {label(f'{HEADING} ({held})')}"]
    for year, group in by_year(events):
        lines.append(f"    section {year}")
        lines += [f"        {label(e.date.display)} : {label(_headline(store, e))}" for e in group]
    return "\n".join(lines) + "\n"


def _headline(store: Store, event: Event) -> str:
    """The title, then the amount and capacity in words where the event has them."""
    shown = figures(store, event)
    return f"{event.title} ({shown})" if shown else event.title
