"""What the detail pane shows: an event (as `show EVENT`), the diff between two marks (as
`diff`), the state at a date (as `state`) and a term's history (as `history`), each
drawn by the same views and renderers as the commands; plus the citation `o` and `y`
act on. Store text reaches the screen only as Rich Text, through `visible`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group
from rich.measure import Measurement
from rich.text import Text

from dealtimeline.core.sanitize import http_url, one_line, visible
from dealtimeline.core.sourcing import evidence
from dealtimeline.render.style import MUTED, heading
from dealtimeline.serialize.voice import speaker_words

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

    from dealtimeline.core.model import Citation, Event, Store


class Plain:
    """Renderables drawn with markup off: a table cell that is a string (a date, a kind,
    a label) is then text, whatever brackets the store put in it. Textual's console
    would read such a string as markup."""

    def __init__(self, renderables: Sequence[RenderableType]) -> None:
        self.group = Group(*renderables)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from console.render(self.group, options.update(markup=False))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options.update(markup=False), self.group)


def ordered_citations(store: Store, event: Event) -> list[Citation]:
    """The citations in the order the detail numbers them: supporting, disputing, context."""
    return list(evidence(store, event).numbered)


def changed_terms(event: Event) -> list[str]:
    """The ids of the terms the event changes, each once, in its order."""
    return list(dict.fromkeys(change.term for change in event.changes))


def event_pane(store: Store, event: Event, chosen: int, colour: bool) -> list[RenderableType]:
    """The event in full, as `show EVENT`, headed by the citation `o` and `y` act on and
    the terms `h` shows the history of."""
    from dealtimeline.core.state import value_before
    from dealtimeline.render.details import event_detail

    before = [value_before(store, event, change) for change in event.changes]
    head: list[RenderableType] = []
    citations = ordered_citations(store, event)
    if citations:
        citation = citations[chosen % len(citations)]
        source = store.sources[citation.source]
        line = Text(f"Source {chosen % len(citations) + 1} of {len(citations)}: ", style=MUTED)
        line.append(one_line(source.publisher), style="bold")
        line.append(f" · {source.published.display}", style=MUTED)
        line.append("   n/N choose · o open · y copy", style=MUTED)
        head.append(line)
    terms = changed_terms(event)
    if terms:
        head.append(Text("Terms: " + ", ".join(visible(t) for t in terms) + "   h history", MUTED))
    return [*head, Text(), *event_detail(store, event, before, colour, run_on=False)]


def citation_text(store: Store, citation: Citation) -> str:
    """A citation to paste: publisher, date, title, address and the quote, on one line."""
    source = store.sources[citation.source]
    parts = [f"{one_line(source.publisher)} ({source.published.display})"]
    parts.append(f"“{one_line(source.title)}”")
    if source.url:
        parts.append(visible(source.url))
    words = speaker_words(store, citation)
    return ", ".join(parts) + f": “{one_line(citation.quote)}”" + (f" ({words})" if words else "")


def source_url(store: Store, citation: Citation) -> str | None:
    """The address a browser may open for the citation: its http(s) url, else none."""
    return http_url(store.sources[citation.source].url)


def diff_pane(store: Store, marks: Sequence[Event], colour: bool) -> list[RenderableType]:
    """`diff` between the dates of the two marked events, the earlier first."""
    from dealtimeline.core.state import diff
    from dealtimeline.views.details import DiffView

    first, last = sorted(marks[:2], key=lambda e: (e.date.start, e.date.end, e.position))
    title = Text(f"Diff: A/B marks, {first.date.display} → {last.date.display}", "bold")
    body = DiffView(store, diff(store, first.date, last.date), False).renderables(colour)
    return [title, Text(), *body]


def state_pane(store: Store, event: Event) -> list[RenderableType]:
    """`state` at the end of the selected event's date."""
    from dealtimeline.core.as_of import state_as_of
    from dealtimeline.core.state import state_table, upcoming
    from dealtimeline.views.details import StateView

    at = state_as_of(event.date)
    view = StateView(store, at, state_table(store, at), upcoming(store, date.min, at))
    return [heading(f"State at {event.date.display}"), Text(), *view.renderables(True)]


def history_pane(store: Store, term_id: str) -> list[RenderableType]:
    """`history TERM`: each value the term took."""
    from dealtimeline.core.history import term_history
    from dealtimeline.views.history import HistoryView

    term = store.terms[term_id]
    view = HistoryView(store, term, term_history(store, term))
    return [heading(f"History of {visible(term.id)}"), Text(), *view.renderables(True)]


def empty_pane(note: str) -> list[RenderableType]:
    return [Text(note, style=MUTED)]
