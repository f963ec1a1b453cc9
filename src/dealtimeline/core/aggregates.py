"""Totals per company and per source: what `companies`, `sources` and `show` count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import Company, Event, Source, Store, Term
from dealtimeline.core.state import Setting, state_table, upcoming


@dataclass(frozen=True)
class Totals:
    """Counts and sums over a set of events; amounts are summed per currency and status."""

    events: int
    first: PartialDate | None
    last: PartialDate | None
    announced: Mapping[str, float]
    reported: Mapping[str, float]


def totals(events: Sequence[Event]) -> Totals:
    announced: defaultdict[str, float] = defaultdict(float)
    reported: defaultdict[str, float] = defaultdict(float)
    for event in events:
        if event.amount is not None:
            bucket = reported if event.reported else announced
            bucket[event.amount.currency] += event.amount.value
    ordered = sorted(events, key=lambda e: e.date.sort_key)
    return Totals(
        events=len(events),
        first=ordered[0].date if ordered else None,
        last=ordered[-1].date if ordered else None,
        announced=dict(sorted(announced.items())),
        reported=dict(sorted(reported.items())),
    )


@dataclass(frozen=True)
class CompanySummary:
    company: Company
    totals: Totals


def company_summaries(store: Store) -> list[CompanySummary]:
    by_company: dict[str, list[Event]] = {company: [] for company in store.companies}
    for event in store.events:
        for company in event.companies:
            by_company[company].append(event)
    return [
        CompanySummary(store.companies[company], totals(events))
        for company, events in by_company.items()
    ]


@dataclass(frozen=True)
class SourceUsage:
    source: Source
    cited_by: tuple[str, ...]


def source_usage(store: Store) -> list[SourceUsage]:
    citing: dict[str, list[str]] = {source: [] for source in store.sources}
    for event in store.events:
        for source in dict.fromkeys(c.source for c in event.citations):
            citing[source].append(event.id)
    return [SourceUsage(store.sources[s], tuple(ids)) for s, ids in citing.items()]


@dataclass(frozen=True)
class CompanyProfile:
    company: Company
    as_of: date
    terms: tuple[tuple[Term, Setting | None], ...]
    upcoming: tuple[Setting, ...]
    events: tuple[Event, ...]
    totals: Totals


def company_profile(
    store: Store, company: Company, events: Sequence[Event], as_of: date
) -> CompanyProfile:
    """A company's terms on `as_of` and the given events (already filtered) with their totals."""
    table = state_table(store, as_of)
    terms = tuple(
        (term, table[term.id]) for term in store.terms.values() if company.id in term.companies
    )
    party_to = {term.id for term, _ in terms}
    later = tuple(s for s in upcoming(store, date.min, as_of) if s.term in party_to)
    return CompanyProfile(company, as_of, terms, later, tuple(events), totals(events))
