"""Drawing the `terms` list and one term's history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from dealtimeline.core.evidence import known_date
from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.values import term_value
from dealtimeline.render.details import value_marks
from dealtimeline.render.style import HEADING, MUTED, lens_suffix, text

if TYPE_CHECKING:
    from dealtimeline.core.model import Store, Term
    from dealtimeline.core.state import Setting


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def terms_list(store: Store, rows: Sequence[tuple[Term, Setting | None]]) -> list[RenderableType]:
    table = _table("Term", "Label", "Latest value")
    for term, last in rows:
        value = text(term_value(last.value), "bold") if last else Text("(none yet)", style=MUTED)
        if last is not None:
            value.append_text(value_marks(store, last.event))
        table.add_row(text(visible(term.id), MUTED), text(one_line(term.label)), value)
    return [Text(f"Terms{lens_suffix(store)}", style=HEADING), table]


def history_view(store: Store, term: Term, history: Sequence[Setting]) -> list[RenderableType]:
    table = _table("Holds from", "Value", "Event")
    for setting in history:
        event = setting.event
        when = Text(setting.holds_from.display)
        when.append(f"\nknown {known_date(store, event).display}", style=MUTED)
        cell = text(visible(event.id), MUTED)
        marks = value_marks(store, event)
        cell.append("\nofficial" if not event.reported else "\n", style=MUTED)
        cell.append_text(marks if not event.reported else marks[3:])
        sources = ", ".join(dict.fromkeys(c.source for c in event.citations))
        cell.append(f"\n{visible(sources)}", style=MUTED)
        table.add_row(when, text(term_value(setting.value), "bold"), cell)
    title = f"{one_line(term.label)} ({visible(term.id)}){lens_suffix(store)}"
    return [Text(title, style=HEADING), table]
