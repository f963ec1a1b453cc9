"""What a cache entry must hold beyond its types: every name it uses is one it holds, as
the parser made sure when it wrote it; an entry that fails is not read (TypeError)."""

from __future__ import annotations

from dealtimeline.core.model import KINDS, MEASURES, Company, Deal, Event, Source, Term


def check_references(
    companies: dict[str, Company],
    sources: dict[str, Source],
    terms: dict[str, Term],
    events: tuple[Event, ...],
) -> None:
    """Every name an entry uses is one it holds, as the parser made sure: else TypeError."""
    for term in terms.values():
        if not set(term.companies) <= companies.keys():
            raise TypeError("a term names a company the entry does not hold")
    kinds: set[str] = set()
    named: set[str] = set()
    cited: set[str] = set()
    changed: set[str] = set()
    for event in events:
        kinds.add(event.kind)
        named.update(event.companies)
        cited.update([c.source for c in event.citations])
        changed.update([c.term for c in event.changes])
    if not (
        kinds <= set(KINDS)
        and named <= companies.keys()
        and cited <= sources.keys()
        and changed <= terms.keys()
    ):
        raise TypeError("an event names what the entry does not hold")


def check_deals(
    companies: dict[str, Company], deals: dict[str, Deal], events: tuple[Event, ...]
) -> None:
    """Deals name held companies; events name held deals, events and measures, and pay
    between held companies: else TypeError."""
    if not all(set(d.parties) <= companies.keys() for d in deals.values()):
        raise TypeError("a deal names a company the entry does not hold")
    ids = {event.id for event in events}
    for event in events:
        amount = event.amount
        payers = () if amount is None else (amount.payer, amount.payee)
        if (
            (event.deal is not None and event.deal not in deals)
            or not set(event.supersedes) <= ids
            or (amount is not None and amount.measure not in (None, *MEASURES))
            or not {p for p in payers if p is not None} <= companies.keys()
        ):
            raise TypeError("an event names a deal, event, measure or company not held")
