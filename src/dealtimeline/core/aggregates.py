"""Counts per company and per source, and a company's profile: what `companies`,
`sources` and `show` count (money and capacity are counted by core.totals)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import GRADES, Company, Event, Source, Store, Term, name_key
from dealtimeline.core.state import Setting, state_table, upcoming
from dealtimeline.core.totals import CompanyTotals, company_totals
from dealtimeline.core.totals import totals as all_totals


@dataclass(frozen=True, repr=False)
class Totals:
    """How many events, and from when to when. The money and capacity of a set of
    events is counted by core.totals, deal by deal: never summed here."""

    events: int
    first: PartialDate | None
    last: PartialDate | None


def totals(events: Sequence[Event]) -> Totals:
    ordered = sorted(events, key=lambda e: e.date.sort_key)
    return Totals(
        events=len(events),
        first=ordered[0].date if ordered else None,
        last=ordered[-1].date if ordered else None,
    )


@dataclass(frozen=True, repr=False)
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


@dataclass(frozen=True, repr=False)
class SourceUsage:
    source: Source
    cited_by: tuple[str, ...]


# The orders `sources --sort` takes: by publisher (A to Z, then oldest first), by date
# published (oldest first), by grade (primary, press, copy; then oldest first).
SOURCE_SORTS = ("publisher", "published", "grade")


def sorted_usages(usages: Sequence[SourceUsage], by: str | None) -> list[SourceUsage]:
    """The sources in the order `by` names (one of SOURCE_SORTS), or as given for None."""
    if by is None:
        return list(usages)

    def key(usage: SourceUsage) -> tuple[object, ...]:
        source = usage.source
        when = (source.published.sort_key, source.id)
        if by == "publisher":
            return (name_key(source.publisher), *when)
        if by == "grade":
            return (GRADES.index(source.grade), *when)
        return when

    return sorted(usages, key=key)


def source_usage(store: Store) -> list[SourceUsage]:
    citing: dict[str, list[str]] = {source: [] for source in store.sources}
    for event in store.events:
        for source in dict.fromkeys(c.source for c in event.citations):
            citing[source].append(event.id)
    return [SourceUsage(store.sources[s], tuple(ids)) for s, ids in citing.items()]


@dataclass(frozen=True, repr=False)
class CompanyProfile:
    company: Company
    as_of: date
    terms: tuple[tuple[Term, Setting | None], ...]
    upcoming: tuple[Setting, ...]
    events: tuple[Event, ...]
    totals: Totals
    money: CompanyTotals


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
    money = company_totals(store, all_totals(store, as_of), company.id)
    return CompanyProfile(company, as_of, terms, later, tuple(events), totals(events), money)
