"""The schema and the model name the same fields: a field added to one and not the other
fails here, before the reader, the writer, the cache or the contract can disagree."""

from __future__ import annotations

from dataclasses import fields

import pytest

from dealtimeline.core import model, schema

# Fields of the model that are no field of the store: where a record stands in the file,
# and the key under which a named entry is written.
POSITIONS = {"line", "column", "position"}


@pytest.mark.parametrize(
    ("record", "dataclass", "keyed"),
    [
        (schema.COMPANY, model.Company, True),
        (schema.SOURCE, model.Source, True),
        (schema.TERM, model.Term, True),
        (schema.EVENT, model.Event, False),
        (schema.AMOUNT, model.Amount, False),
        (schema.CAPACITY, model.Capacity, False),
        (schema.DEAL, model.Deal, True),
        (schema.CITATION, model.Citation, False),
    ],
)
def test_each_record_of_the_schema_is_a_dataclass_of_the_model(
    record: schema.Record, dataclass: type, keyed: bool
) -> None:
    attributes = {f.name for f in fields(dataclass)} - POSITIONS - ({"id"} if keyed else set())
    assert set(record.attributes) == attributes


def test_a_change_ends_a_term_by_having_no_value() -> None:
    """`ends: true` in the store is a Change whose value is None: the one field the model
    keeps in another form."""
    assert set(schema.CHANGE.attributes) - {f.name for f in fields(model.Change)} == {"ends"}
    assert model.Change("t", None).value is None


def test_the_store_record_names_the_sections() -> None:
    assert schema.STORE.names == (
        "version",
        "companies",
        "sources",
        "terms",
        "deals",
        "events",
    )
    assert schema.EVENT.required == ("id", "date", "title", "kind", "companies", "sources")
