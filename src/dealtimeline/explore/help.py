"""The `?` screen: every key of the explorer, from the one list the app binds."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "previous / next event"),
    ("PgUp PgDn", "a page up / down"),
    ("g G  Home End", "the first / the last event"),
    ("mouse", "click an event to select it; the wheel scrolls"),
    ("Enter", "the selected event in full (its quotes, sources, changes)"),
    ("Esc", "back: from the filter bar, the detail, a diff, a state or a history"),
    ("/", "type a text to find (title, summary, quotes); narrows as you type"),
    ("c", "type a company (Tab completes)"),
    ("t", "type a kind (Tab completes)"),
    ("p", "type a period: 2024, 2024-06, 2024Q3"),
    ("T", "type a term id (Tab completes): the events that change it"),
    ("x", "clear every filter"),
    ("m", "mark the selected event's date (A, then B); again to unmark"),
    ("d", "the diff between the two marks (shown once B is marked)"),
    ("u", "remove both marks"),
    ("s", "the state of the terms at the selected event's date"),
    ("h", "the history of a term the event changes (again: the next term)"),
    ("n N", "the next / previous source of the event"),
    ("o", "open the chosen source in the browser"),
    ("y", "copy the chosen citation (publisher, date, title, url, quote)"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit"),
)


def keys_table() -> Table:
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, what in KEYS:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    """Every key; any of Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    HelpScreen Static { width: 100%; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("dealtimeline explore: keys", style="bold"))
            yield Static(keys_table())
            yield Static(Text("Esc, q or ? closes this help.", style="grey50"))

    def action_close(self) -> None:
        self.dismiss(None)
