"""The explorer: the filter bar, the timeline, the detail pane, the footer, and its keys.

The app never prints a traceback and never leaves the terminal in its alternate screen:
q and Ctrl-C quit through Textual's own exit, which restores the terminal; SIGTERM,
SIGHUP and SIGINT do the same; an exception ends the app the same way and is reported
by the command as one `Error:` line.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import webbrowser
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.widgets import Input, Static

from dealtimeline.core.sanitize import visible
from dealtimeline.core.values import plural
from dealtimeline.explore import panes
from dealtimeline.explore.filtering import FilterBar, Narrower
from dealtimeline.explore.help import HelpScreen
from dealtimeline.explore.timeline import MARKS, TimelinePane

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.model import Event, Store

NARROW = 120
"""Below this many columns the detail takes the timeline's place instead of its side."""
SIGNALS = {signal.SIGTERM: 128 + 15, signal.SIGHUP: 128 + 1, signal.SIGINT: 130}


def light_terminal(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """True when the terminal says its background is light (COLORFGBG `fg;bg`, bg 7 or 15)."""
    background = environ.get("COLORFGBG", "").rsplit(";", 1)[-1].strip()
    return background in ("7", "15")


class ExploreApp(App[int]):
    """The timeline to move through, narrow as you type, open, mark and compare."""

    TITLE = "dealtimeline explore"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { layout: vertical; }
    #main { height: 1fr; }
    TimelinePane { width: 1fr; height: 1fr; border: round $primary-darken-2; }
    TimelinePane:focus { border: round $primary; }
    #detail { width: 1fr; height: 1fr; border: round $primary-darken-2; padding: 0 1; }
    #detail:focus { border: round $primary; }
    #status { height: 1; padding: 0 1; color: $text-muted; }
    #keys { height: 1; padding: 0 1; background: $footer-background; }
    .narrow #detail { display: none; }
    .narrow.detail-open #detail { display: block; }
    .narrow.detail-open TimelinePane { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_app", "Quit"),
        Binding("ctrl+c", "quit_app", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("enter", "open", "Detail"),
        Binding("escape", "go_back", "Back"),
        Binding("slash", "filter('text')", "Find", key_display="/"),
        Binding("c", "filter('company')", "Company"),
        Binding("t", "filter('kind')", "Kind", show=False),
        Binding("p", "filter('period')", "Period", show=False),
        Binding("T", "filter('term')", "Term", show=False),
        Binding("x", "clear_filters", "Clear", show=False),
        Binding("m", "mark", "Mark"),
        Binding("d", "diff", "Diff"),
        Binding("u", "unmark", "Unmark", show=False),
        Binding("s", "state", "State"),
        Binding("h", "history", "History"),
        Binding("n", "citation(1)", "Next source", show=False),
        Binding("N", "citation(-1)", "Previous source", show=False),
        Binding("o", "browse", "Open"),
        Binding("y", "copy", "Copy"),
    ]

    def __init__(
        self,
        store: Store,
        events: Sequence[Event],
        *,
        colour: bool = True,
        lens: str = "",
        browser: Callable[[str], object] = webbrowser.open,
    ) -> None:
        super().__init__()
        self.store = store
        self.colour = colour
        self.lens = lens
        self.browse_url = browser
        self.narrower = Narrower(store, events)
        self.mode = "event"
        self.chosen = 0
        self.term_index = -1
        self.note = ""
        self.failure: BaseException | None = None
        self.detail_parts: list[RenderableType] = []
        self.shown_for: Event | None = None
        if light_terminal():
            self.theme = "textual-light"

    def compose(self) -> ComposeResult:
        yield FilterBar(self.store)
        with Horizontal(id="main"):
            yield TimelinePane(self.store, self.colour, id="timeline")
            with VerticalScroll(id="detail"):
                yield Static(id="detail-body")
        yield Static(id="status")
        yield Static(self._keys_line(), id="keys")

    def _keys_line(self) -> Text:
        """The keys shown at the foot, drawn once: Textual's Footer composes itself again
        whenever the focus moves, which cost 150 ms a keypress (Enter, Esc)."""
        line = Text(no_wrap=True, overflow="ellipsis")
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                key = binding.key_display or {"enter": "⏎", "escape": "esc"}.get(binding.key)
                line.append(f"{key or binding.key} ", style="bold")
                line.append(f"{binding.description}  ")
        return line

    @property
    def timeline(self) -> TimelinePane:
        return self.query_one(TimelinePane)

    def on_mount(self) -> None:
        self._watch_signals(True)
        self.set_class(self.size.width < NARROW, "narrow")
        self.timeline.show(self.narrower.events)
        self.timeline.focus()

    def on_unmount(self) -> None:
        self._watch_signals(False)

    def _watch_signals(self, on: bool) -> None:
        """SIGTERM, SIGHUP and SIGINT end the app through its own exit, which restores the
        terminal; outside the main thread (never, from the command) signals stay as they are."""
        with contextlib.suppress(RuntimeError, ValueError, NotImplementedError):
            loop = asyncio.get_running_loop()
            for number, code in SIGNALS.items():
                if on:
                    loop.add_signal_handler(number, self.exit, None, code)
                else:
                    loop.remove_signal_handler(number)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        self._detail_open(self.focused is self.query_one("#detail"))

    def _detail_open(self, shown: bool) -> None:
        """Show the detail in the timeline's place, on a narrow screen only: a class
        changed on the app restyles every widget, which a wide screen has no need of."""
        wanted = shown and self.has_class("narrow")
        if wanted != self.has_class("detail-open"):
            self.set_class(wanted, "detail-open")

    def _fatal_error(self) -> None:
        """An exception ends the app without Textual's traceback: the command reports it."""
        self.failure = self._exception
        self._close_messages_no_wait()

    # The timeline and the filters

    def on_timeline_pane_moved(self, message: TimelinePane.Moved) -> None:
        """The cursor's event in the detail pane. A move the pane has already caught up
        with (keys typed ahead: `k k m` shows the diff before the moves arrive) is
        passed over, so that it does not undo what the later key showed."""
        selected = self.timeline.selected
        if message.event is not selected or (selected is self.shown_for and self.mode != "event"):
            self._show_status()
            return
        self.mode, self.chosen, self.term_index = "event", 0, -1
        self._show_detail()

    def on_input_changed(self, message: Input.Changed) -> None:
        keep = self.timeline.selected
        events, self.note = self.narrower.narrow(self.query_one(FilterBar).wanted())
        self.timeline.show(events, keep)
        self._show_status()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        self.screen.set_focus(self.timeline)

    def action_filter(self, name: str) -> None:
        self._detail_open(False)
        # At once, not after the keys already waiting: `/oracle` typed in one burst (or
        # pasted) goes into the field whole.
        self.screen.set_focus(self.query_one(f"#filter-{name}", Input))

    def action_clear_filters(self) -> None:
        for field in self.query(Input):
            with field.prevent(Input.Changed):
                field.value = ""
        self.on_input_changed(None)  # type: ignore[arg-type]

    # The detail pane

    def action_open(self) -> None:
        selected = self.timeline.selected
        if selected is None:
            return
        if self.mode != "event" or self.shown_for is not selected:
            self.mode = "event"
            self._show_detail()
        self._detail_open(True)
        self.query_one("#detail").focus()

    def action_go_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            self.timeline.focus()
        elif self.mode != "event":
            self.mode = "event"
            self._show_detail()
        else:
            self._detail_open(False)
            self.timeline.focus()

    def action_mark(self) -> None:
        marks = self.timeline.toggle_mark()
        if len(marks) == len(MARKS):
            self.action_diff()
        self._show_status()

    def action_unmark(self) -> None:
        self.timeline.clear_marks()
        if self.mode == "diff":
            self.mode = "event"
            self._show_detail()
        self._show_status()

    def action_diff(self) -> None:
        if len(self.timeline.marks) < len(MARKS):
            self.notify("Mark two events with m first (A, then B).", severity="warning")
            return
        self._show_mode("diff")

    def action_state(self) -> None:
        if self.timeline.selected is not None:
            self._show_mode("state")

    def action_history(self) -> None:
        event = self.timeline.selected
        terms = panes.changed_terms(event) if event is not None else []
        if not terms:
            self.notify("This event changes no term.", severity="warning")
            return
        self.term_index = (self.term_index + 1) % len(terms)
        self._show_mode("history")

    def _show_mode(self, mode: str) -> None:
        self.mode = mode
        self._show_detail()
        self._detail_open(True)

    def action_citation(self, step: int) -> None:
        if self.timeline.selected is not None:
            self.chosen += step
            self.mode = "event"
            self._show_detail()

    def _citation(self) -> Event | None:
        event = self.timeline.selected
        if event is None or not event.citations:
            self.notify("No source to act on.", severity="warning")
            return None
        return event

    def action_browse(self) -> None:
        event = self._citation()
        if event is None:
            return
        citations = panes.ordered_citations(self.store, event)
        url = panes.source_url(self.store, citations[self.chosen % len(citations)])
        if url is None:
            self.notify("This source has no http(s) address.", severity="warning")
            return
        self.browse_url(url)
        self.notify(f"Opened {visible(url)}", markup=False)

    def action_copy(self) -> None:
        event = self._citation()
        if event is None:
            return
        citations = panes.ordered_citations(self.store, event)
        self.copy_to_clipboard(
            panes.citation_text(self.store, citations[self.chosen % len(citations)])
        )
        self.notify("Copied the citation.")

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_quit_app(self) -> None:
        self.exit(0)

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", VerticalScroll)
        event = self.timeline.selected
        parts: list[RenderableType]
        if event is None:
            parts, title = panes.empty_pane("No events match these filters."), "Detail"
        elif self.mode == "diff":
            parts, title = panes.diff_pane(self.store, self.timeline.marks, self.colour), "Diff"
        elif self.mode == "state":
            parts, title = panes.state_pane(self.store, event), "State"
        elif self.mode == "history":
            terms = panes.changed_terms(event)
            term = terms[self.term_index % len(terms)]
            parts, title = panes.history_pane(self.store, term), f"History of {visible(term)}"
        else:
            parts = panes.event_pane(self.store, event, self.chosen, self.colour)
            title = f"Event {visible(event.id)}"
        detail.border_title = Text(title)
        self.shown_for = event
        self.detail_parts = parts
        self.query_one("#detail-body", Static).update(panes.Plain(parts))
        detail.scroll_home(animate=False)
        self._show_status()

    def _show_status(self) -> None:
        timeline = self.timeline
        shown, total = len(timeline.events), len(self.narrower.events)
        year = timeline.year()
        timeline.border_title = Text(f"Timeline · {year}" if year is not None else "Timeline")
        line = Text(f"{shown} of {plural(total, 'event')}")
        if self.lens:
            line.append(f" · {self.lens}")
        for name, event in zip(MARKS, timeline.marks, strict=False):
            line.append(f" · {name}: {event.date.display}", style="bold")
        if self.note:
            line.append(f" · {visible(self.note)}", style="yellow")
        self.query_one("#status", Static).update(line)
