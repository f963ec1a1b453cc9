"""The model and the query results as plain data, for JSON and YAML output.

The shape is a contract (see the README): sorted keys, dates as objects with their
precision and span, ids for references.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from dealtimeline.core import schema
from dealtimeline.core.dates import PartialDate

if TYPE_CHECKING:
    from dealtimeline.core.aggregates import CompanyProfile, CompanySummary, SourceUsage, Totals
    from dealtimeline.core.model import Citation, Company, Event, Source, Store
    from dealtimeline.core.quantities import Quantity
    from dealtimeline.core.query import Filters
    from dealtimeline.core.search import Match
    from dealtimeline.core.state import Diff, Setting, TermDiff

FORMAT_VERSION = 3

Data = dict[str, Any]


def envelope(command: str, **payload: Any) -> Data:
    return {"version": FORMAT_VERSION, "command": command, **payload}


def lens(store: Store) -> Data:
    """How the store was read: as known on a day (null: as known today), confirmed only."""
    known = None if store.known_at is None else day(store.known_at)
    return {"known_at": known, "confirmed": store.confirmed}


def partial_date(value: PartialDate | None) -> Data | None:
    if value is None:
        return None
    return {
        "value": value.iso,
        "precision": value.precision,
        "start": value.start.isoformat(),
        "end": value.end.isoformat(),
    }


def day(value: date) -> Data:
    return partial_date(PartialDate(value, "day")) or {}


def filters(value: Filters) -> Data:
    return {
        "companies": list(value.companies),
        "all_companies": value.all_companies,
        "kinds": list(value.kinds),
        "since": partial_date(value.since),
        "until": partial_date(value.until),
        "during": partial_date(value.during),
        "search": value.search,
        "disputed": value.disputed,
        "confirmed": value.confirmed,
        "reverse": value.reverse,
        "limit": value.limit,
        "deals": list(value.deals),
        "measures": list(value.measures),
        "min_amount": quantity(value.min_amount),
        "max_amount": quantity(value.max_amount),
        "min_capacity": quantity(value.min_capacity),
        "sort": value.sort,
    }


def matches(found: Mapping[str, Match]) -> Data:
    """Where `--search` matched each event: the field and that field's text."""
    return {event_id: {"field": hit.field, "text": hit.text} for event_id, hit in found.items()}


def quantity(value: Quantity | None) -> Data | None:
    """A bound typed on the command line: its value and its currency or unit."""
    return None if value is None else {"value": value.value, "unit": value.unit}


# The keys of an event and of a citation: the store's fields, named after the model's
# attributes, with what is derived from them next to what they come from.
EVENT_KEYS = schema.after(
    schema.EVENT.attributes, "status", ("disputed", "in_doubt", "confirmed", "known", "sourcing")
)
CITED_SOURCE_KEYS = ("publisher", "published", "url", "grade")
CITATION_KEYS = schema.after(schema.CITATION.attributes, "source", CITED_SOURCE_KEYS)


def plain(value: Any) -> Any:
    """A field's value as plain data: dates as objects, tuples as lists."""
    if isinstance(value, PartialDate):
        return partial_date(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def record(keys: tuple[str, ...], value: Any, **given: Any) -> Data:
    """The attributes `keys` of `value` as plain data, in that order; `given` ones as given."""
    return {key: given[key] if key in given else plain(getattr(value, key)) for key in keys}


def company(value: Company) -> Data:
    return {"id": value.id, **record(schema.COMPANY.attributes, value)}


def source(value: Source) -> Data:
    return {"id": value.id, **record(schema.SOURCE.attributes, value)}


def event(store: Store, value: Event) -> Data:
    from dealtimeline.core.evidence import known_date

    amount, capacity = value.amount, value.capacity
    return record(
        EVENT_KEYS,
        value,
        disputed=list(value.aspects),
        known=partial_date(known_date(store, value)),
        sourcing=sourcing(store, value),
        amount=None if amount is None else record(schema.AMOUNT.attributes, amount),
        capacity=None if capacity is None else record(schema.CAPACITY.attributes, capacity),
        citations=[citation(store, c) for c in value.citations],
        changes=[record(schema.CHANGE.attributes, change) for change in value.changes],
    )


def citation(store: Store, value: Citation) -> Data:
    cited = store.sources[value.source]
    return record(CITATION_KEYS, value, **record(CITED_SOURCE_KEYS, cited))


def sourcing(store: Store, value: Event) -> Data:
    """The event's supporting sources at a glance: best grade, publishers, score."""
    from dealtimeline.core.sourcing import event_audit

    audited = event_audit(store, value)
    return {"best": audited.best, "publishers": len(audited.publishers), "score": audited.score}


def setting(value: Setting | None, store: Store | None = None) -> Data | None:
    """A value and the event behind it, with that event's doubt: its status, the aspects
    disputed, whether it is in doubt, its sourcing (with the store) and when it was known."""
    if value is None:
        return None
    found = value.event
    data = {
        "value": value.value,
        "event": found.id,
        "date": partial_date(found.date),
        "effective": partial_date(value.effective),
        "since": partial_date(value.change.since),
        "status": found.status,
        "disputed": list(found.aspects),
        "in_doubt": found.in_doubt,
    }
    if store is not None:
        from dealtimeline.core.evidence import known_date

        data["known"] = partial_date(known_date(store, found))
        data["sourcing"] = sourcing(store, found)
    return data


def segment_doubt(store: Store, value: Setting | None) -> Data:
    """The doubt on a chart's bar: its event's status, disputes and sourcing (nulls and
    no dispute before any value)."""
    found = None if value is None else setting(value, store)
    keys = ("status", "disputed", "in_doubt", "sourcing")
    if found is None:
        return {"status": None, "disputed": [], "in_doubt": False, "sourcing": None}
    return {key: found[key] for key in keys}


def term_setting(store: Store, term: str, value: Setting | None, at: date) -> Data:
    """A term with its setting on day `at`; approximate when the setting may not hold yet."""
    return {
        "term": term,
        "label": store.terms[term].label,
        "companies": list(store.terms[term].companies),
        "setting": setting(value, store),
        "approximate": value is not None and value.approximate_at(at),
    }


def upcoming(store: Store, settings: tuple[Setting, ...]) -> list[Data]:
    return [
        {"term": s.term, "label": store.terms[s.term].label, **(setting(s, store) or {})}
        for s in settings
    ]


def term_diff(store: Store, value: TermDiff) -> Data:
    return {
        "term": value.term.id,
        "label": value.term.label,
        "status": value.status,
        "began": value.began,
        "before": value.before_value,
        "after": value.after_value,
        "cause": setting(value.cause, store),
        "steps": [setting(step, store) for step in value.steps],
        "approximate": value.approximate,
    }


def diff(store: Store, value: Diff, unchanged: bool) -> Data:
    data = envelope("diff", backwards=value.backwards, known=value.known, **lens(store))
    data["from"] = partial_date(value.start)
    data["to"] = partial_date(value.end)
    for status in ("added", "changed", "ended", "unchanged"):
        if status != "unchanged" or unchanged:
            data[status] = [term_diff(store, t) for t in value.with_status(status)]
    data["upcoming"] = upcoming(store, value.upcoming)
    data["events"] = [event(store, e) for e in value.events]
    return data


def totals(value: Totals) -> Data:
    return {
        "events": value.events,
        "first": partial_date(value.first),
        "last": partial_date(value.last),
    }


def company_summary(value: CompanySummary) -> Data:
    return {**company(value.company), **totals(value.totals)}


def source_usage(value: SourceUsage) -> Data:
    return {**source(value.source), "cited_by": list(value.cited_by)}


def profile(store: Store, value: CompanyProfile) -> Data:
    return envelope(
        "show",
        **lens(store),
        company=company(value.company),
        as_of=day(value.as_of),
        terms=[term_setting(store, term.id, current, value.as_of) for term, current in value.terms],
        upcoming=upcoming(store, value.upcoming),
        totals={**totals(value.totals), **company_money(value)},
        events=[event(store, e) for e in value.events],
    )


def company_money(value: CompanyProfile) -> Data:
    from dealtimeline.serialize.money import company_totals

    return company_totals(value.money)
