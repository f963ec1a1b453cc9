"""The filter bar: text, company, kind, period and term, completed from the store and
applied as they are typed.

A company, kind or term typed in part keeps the events of every one it begins (`ora`
keeps Oracle's), so that the timeline narrows with each key; the text is `list
--search` (titles, summaries, quotes, publishers and source titles, any case); the
period is `list --during`, applied once it reads as a period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input

from dealtimeline.core.dates import PartialDate, parse_period, today
from dealtimeline.core.model import KINDS, name_key
from dealtimeline.core.search import search_key, searched_texts

if TYPE_CHECKING:
    from dealtimeline.core.model import Event, Store

FIELDS = ("text", "company", "kind", "period", "term")
PLACEHOLDERS = {
    "text": "/ text",
    "company": "c company",
    "kind": "t kind",
    "period": "p period",
    "term": "T term id",
}


@dataclass(frozen=True, repr=False)
class Wanted:
    """What the bar asks for, as typed (empty: no filter)."""

    text: str = ""
    company: str = ""
    kind: str = ""
    period: str = ""
    term: str = ""


class Narrower:
    """Applies a `Wanted` to the events the command line selected, fast enough per key:
    each event's searchable text is folded once, on the first search."""

    def __init__(self, store: Store, events: Sequence[Event]) -> None:
        self.store = store
        self.events = events
        self._texts: list[str] | None = None
        self._names = [
            (company.id, [name_key(n) for n in (company.id, company.name, *company.aliases)])
            for company in store.companies.values()
        ]

    def narrow(self, wanted: Wanted) -> tuple[list[Event], str]:
        """The events kept, and a note on what was not understood (empty when all was)."""
        notes: list[str] = []
        keep = list(range(len(self.events)))
        if wanted.text.strip():
            needle = search_key(wanted.text.strip())
            texts = self._folded()
            keep = [i for i in keep if needle in texts[i]]
        companies = self._companies(wanted.company)
        if companies is not None:
            keep = [i for i in keep if companies.intersection(self.events[i].companies)]
            if not companies:
                notes.append(f"no company '{wanted.company.strip()}'")
        kinds = _starting(KINDS, wanted.kind)
        if kinds is not None:
            keep = [i for i in keep if self.events[i].kind in kinds]
            if not kinds:
                notes.append(f"no kind '{wanted.kind.strip()}'")
        terms = _starting(tuple(self.store.terms), wanted.term)
        if terms is not None:
            keep = [i for i in keep if any(c.term in terms for c in self.events[i].changes)]
            if not terms:
                notes.append(f"no term '{wanted.term.strip()}'")
        period = self._period(wanted.period, notes)
        if period is not None:
            keep = [i for i in keep if self.events[i].date.overlaps(period)]
        return [self.events[i] for i in keep], "; ".join(notes)

    def _folded(self) -> list[str]:
        if self._texts is None:
            self._texts = [
                search_key("\0".join(text for _, text in searched_texts(self.store, e)))
                for e in self.events
            ]
        return self._texts

    def _companies(self, typed: str) -> set[str] | None:
        key = name_key(typed)
        if not key:
            return None
        return {cid for cid, names in self._names if any(n.startswith(key) for n in names)}

    @staticmethod
    def _period(typed: str, notes: list[str]) -> PartialDate | None:
        if not typed.strip():
            return None
        try:
            return parse_period(typed.strip(), today())
        except ValueError:
            notes.append(f"period '{typed.strip()}' not read yet (2024, 2024-06, 2024Q3)")
            return None


def _starting(choices: Sequence[str], typed: str) -> set[str] | None:
    key = typed.strip().casefold()
    if not key:
        return None
    return {choice for choice in choices if choice.casefold().startswith(key)}


def completions(store: Store) -> dict[str, list[str]]:
    """What each field completes: company ids, names and aliases; kinds; term ids."""
    companies: list[str] = []
    for company in store.companies.values():
        companies += [company.id, company.name, *company.aliases]
    return {
        "company": list(dict.fromkeys(companies)),
        "kind": list(KINDS),
        "term": list(store.terms),
    }


class FilterInput(Input):
    """An input whose Tab takes the completion shown, and else moves to the next field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete", show=False),
    ]

    def action_complete(self) -> None:
        before = self.value
        self.cursor_position = len(self.value)
        self.action_cursor_right()  # at the end of the value, this takes the completion
        if self.value == before:
            self.screen.focus_next()


class FilterBar(Horizontal):
    """One compact input per filter; the app narrows the timeline on each change."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar > Input { width: 1fr; margin-right: 1; }
    FilterBar > #filter-text { width: 2fr; }
    """

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._choices = completions(store)

    def compose(self) -> ComposeResult:
        for name in FIELDS:
            choices = self._choices.get(name)
            suggester = SuggestFromList(choices, case_sensitive=False) if choices else None
            yield FilterInput(
                placeholder=PLACEHOLDERS[name],
                id=f"filter-{name}",
                suggester=suggester,
                compact=True,
                select_on_focus=False,
            )

    def wanted(self) -> Wanted:
        values = {name: self.query_one(f"#filter-{name}", Input).value for name in FIELDS}
        return Wanted(**values)
