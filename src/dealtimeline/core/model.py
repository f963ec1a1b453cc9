"""The store's model: companies, sources, terms and the events that cite and change them."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Literal, TypeVar

from dealtimeline.core.dates import PartialDate

KINDS = (
    "investment",
    "capacity",
    "partnership",
    "terms",
    "joint-venture",
    "product",
    "statement",
    "report",
)
STATUSES = ("official", "reported")
GRADES = ("primary", "press", "copy")
# What a disputing citation disputes; `unspecified` is the old `disputes: true`.
ASPECTS = ("date", "amount", "parties", "terms", "occurred")
UNSPECIFIED = "unspecified"
# How a citation stands to its event when it does not dispute it: it supports it, it
# reports it on another basis (a round's total against one investor's share), or it
# only gives context.
ROLES = ("supports", "other-basis", "context")
# What an amount measures. Amounts of different measures are never summed together.
MEASURES = (
    "equity-investment",
    "funding-round",
    "compute-purchase",
    "capacity-build",
    "valuation",
    "guarantee",
    "revenue-share",
)
# The units of a capacity: power (gigawatts, megawatts) or a count of GPUs.
UNITS = ("GW", "MW", "GPUs")

T = TypeVar("T")


class Value:
    """Equality and hash by the compared fields, as a dataclass's own, written once for
    every record of the model: `dataclass(eq=True)` generates and compiles an `__eq__`
    and a `__hash__` for each class at every start, 3% of the work of `list`."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _compared(self) == _compared(other)

    def __hash__(self) -> int:
        return hash(_compared(self))


_COMPARED: dict[type, tuple[str, ...]] = {}


def _compared(record: Any) -> tuple[Any, ...]:
    """The values of the record's compared fields (not `line` nor `column`), in order."""
    kind: Any = type(record)
    names = _COMPARED.get(kind)
    if names is None:
        names = _COMPARED[kind] = tuple(f.name for f in fields(kind) if f.compare)
    return tuple([getattr(record, name) for name in names])


def name_key(name: str) -> str:
    """The one rule for comparing company ids, names and aliases: compatibility forms
    folded (NFKC), case folded ('Straße' and 'STRASSE' are one name) and runs of
    white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


Status = Literal["official", "reported"]
Grade = Literal["primary", "press", "copy"]
Role = Literal["supports", "other-basis", "context"]
Unit = Literal["GW", "MW", "GPUs"]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Company(Value):
    """A party to the deals: its id in the store, its name, the other names it goes by."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Source(Value):
    """A page that was read: who published it and when, where it is, and what it is
    (`grade`: the party's own page, the press, or a copy of either)."""

    id: str
    title: str
    publisher: str
    published: PartialDate
    url: str | None = None
    archive: str | None = None
    grade: Grade = "press"
    # A web archive's copy of the page (an http(s) address); `archive` is a local file.
    archived: str | None = None
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Term(Value):
    """A slot of the state of the deals, such as Microsoft's cloud exclusivity."""

    id: str
    label: str
    companies: tuple[str, ...]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Citation(Value):
    """A source's words on an event. A disputing citation names the aspects it disputes
    (`unspecified` for the old `disputes: true`), and may say what it `claims` instead
    (as written in the store: a date, a number, true or false, or text) and add a note.
    `speaker` names the company whose own words the quote is, when the page that carries
    them is not that company's own (a press page quoting its statement)."""

    source: str
    quote: str
    role: Role = "supports"
    disputes: tuple[str, ...] = ()
    claims: str | None = None
    note: str | None = None
    speaker: str | None = None
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)

    @property
    def supports(self) -> bool:
        """True when the citation is evidence for its event: it neither disputes it nor
        only gives context (a report on another basis still reports the event)."""
        return not self.disputes and self.role != "context"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Change(Value):
    """What an event did to a term: a new value, or `ends` when the slot is emptied."""

    term: str
    value: str | None
    effective: PartialDate | None = None
    since: PartialDate | None = None

    @property
    def ends(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Amount(Value):
    """A sum of money: what it `measure`s (a compute purchase, an equity investment...),
    who pays (`payer`, the store's `from`) whom (`payee`, `to`), and over what period.
    An amount without a measure is shown and filtered, never summed."""

    value: int | float
    currency: str
    measure: str | None = None
    payer: str | None = None
    payee: str | None = None
    over: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Capacity(Value):
    """A quantity of compute: gigawatts, megawatts or GPUs."""

    value: int | float
    unit: Unit


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Deal(Value):
    """One deal: its report, its confirmation, its expansions and amendments are the
    events that name it with `deal:`."""

    id: str
    name: str
    parties: tuple[str, ...]
    summary: str | None = None


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Event(Value):
    """Something that happened to the deals on a date, the sources that say so, and what
    it changed: a term, an amount, a capacity."""

    id: str
    date: PartialDate
    title: str
    kind: str
    companies: tuple[str, ...]
    citations: tuple[Citation, ...]
    summary: str | None = None
    status: Status = "official"
    amount: Amount | None = None
    changes: tuple[Change, ...] = ()
    announced: PartialDate | None = None
    deal: str | None = None
    supersedes: tuple[str, ...] = ()
    capacity: Capacity | None = None
    position: int = field(default=0, compare=False)
    line: int = field(default=0, compare=False)

    @property
    def disputed(self) -> bool:
        """True when any citation disputes any aspect of the event."""
        return any(citation.disputes for citation in self.citations)

    @property
    def aspects(self) -> tuple[str, ...]:
        """The aspects disputed, each once, in the order of the citations."""
        return tuple(dict.fromkeys(a for c in self.citations for a in c.disputes))

    @property
    def in_doubt(self) -> bool:
        """True when a dispute puts the event itself in doubt: a dispute of its date
        alone does not."""
        return any(aspect != "date" for aspect in self.aspects)

    @property
    def confirmed(self) -> bool:
        """Official, and disputed on no aspect."""
        return self.status == "official" and not self.disputed

    @property
    def reported(self) -> bool:
        return self.status == "reported"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Store(Value):
    """A loaded, valid store. `events` are in date order; `position` keeps the file order."""

    path: str
    companies: Mapping[str, Company]
    sources: Mapping[str, Source]
    terms: Mapping[str, Term]
    events: tuple[Event, ...]
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # The lens the store is read through (see core/evidence.py): only what was public on
    # `known_at`, only confirmed events. Neither is a field of the file.
    known_at: date | None = None
    confirmed: bool = False
    deals: Mapping[str, Deal] = field(default_factory=dict)

    def derived(self, name: str, compute: Callable[[Store], T]) -> T:
        """A value computed from the store once and kept (an index, the settings of terms)."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        value: T = self._derived[name]
        return value

    def event(self, event_id: str) -> Event | None:
        by_id = self.derived("events by id", lambda store: {e.id: e for e in store.events})
        return by_id.get(event_id)
