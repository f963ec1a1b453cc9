"""Totals and deals as plain data for JSON and YAML: numbers as numbers, ids for
references, each total with the deals and events it is made of."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dealtimeline.serialize import contract

if TYPE_CHECKING:
    from datetime import date

    from dealtimeline.core.model import Store
    from dealtimeline.core.totals import CompanyTotals, DealSummary, Line, Series, Totals

Data = dict[str, Any]


def line(value: Line) -> Data:
    return {
        "measure": value.measure,
        "unit": value.unit,
        "payer": value.payer,
        "payee": value.payee,
        "deal": value.deal,
        "official": value.official,
        "reported": value.reported,
        "deals": list(value.deals),
        "parts": [
            {
                "deal": part.deal,
                "status": part.status,
                "value": part.value,
                "events": [e.id for e in part.events],
            }
            for part in value.parts
        ],
    }


def totals(store: Store, value: Totals) -> Data:
    return contract.envelope(
        "totals",
        **contract.lens(store),
        as_of=contract.day(value.as_of),
        lines=[line(found) for found in value.lines],
        untyped=[e.id for e in value.untyped],
    )


def series(store: Store, lines: list[Series], as_of: date, span: tuple[date, date]) -> Data:
    """`totals --chart`: each line's figures on each day they changed."""
    return contract.envelope(
        "totals",
        **contract.lens(store),
        as_of=contract.day(as_of),
        **{"from": contract.day(span[0]), "to": contract.day(span[1])},
        series=[
            {
                "measure": s.measure,
                "unit": s.unit,
                "payer": s.payer,
                "payee": s.payee,
                "deal": s.deal,
                "steps": [
                    {
                        "day": step.day.isoformat(),
                        "official": step.official,
                        "reported": step.reported,
                    }
                    for step in s.steps
                ],
            }
            for s in lines
        ],
    )


def company_totals(value: CompanyTotals) -> Data:
    return {
        "lines": [line(found) for found in value.lines],
        "shared": [line(found) for found in value.shared],
        "untyped": [e.id for e in value.untyped],
    }


def deal(value: DealSummary) -> Data:
    found = value.deal
    return {
        "id": found.id,
        "name": found.name,
        "parties": list(found.parties),
        "summary": found.summary,
        "status": value.status,
        "first": contract.partial_date(value.first),
        "last": contract.partial_date(value.last),
        "events": [e.id for e in value.events],
        "lines": [line(found) for found in value.lines],
    }
