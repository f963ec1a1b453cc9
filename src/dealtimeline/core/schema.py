"""The store's records, once: each record's fields in the order the store writes them,
which of them are required, their names in YAML and the model's attribute behind each.

The reader checks fields against these, the writer and the YAML export write them in this
order, the JSON contract names them after the model's attributes in the same order, and
the cache encodes and decodes the model's dataclasses field by field, which
tests/test_schema.py keeps equal to these.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True, repr=False, eq=False)
class Field:
    """One field: its YAML name, the model's attribute for it, and whether it is required."""

    name: str
    attribute: str
    required: bool = False


def field(name: str, required: bool = False, attribute: str | None = None) -> Field:
    return Field(name, name if attribute is None else attribute, required)


@dataclass(frozen=True, repr=False, eq=False)
class Record:
    """A record of the store: its fields in store order."""

    name: str
    fields: tuple[Field, ...]

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The YAML names of the fields, in store order: the fields a record allows."""
        return tuple(f.name for f in self.fields)

    @cached_property
    def required(self) -> tuple[str, ...]:
        """The YAML names of the required fields, in store order."""
        return tuple(f.name for f in self.fields if f.required)

    @cached_property
    def attributes(self) -> tuple[str, ...]:
        """The model's attributes behind the fields, in store order."""
        return tuple(f.attribute for f in self.fields)


def after(names: tuple[str, ...], name: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    """`names` with `extra` inserted after `name`."""
    index = names.index(name) + 1
    return names[:index] + extra + names[index:]


STORE = Record(
    "store",
    (
        field("version", required=True),
        field("companies"),
        field("sources"),
        field("terms"),
        field("deals"),
        field("events"),
    ),
)
# Companies, sources and terms are mappings of id to entry: the id is the entry's key.
COMPANY = Record(
    "company",
    (field("name", required=True), field("aliases"), field("description")),
)
SOURCE = Record(
    "source",
    (
        field("title", required=True),
        field("publisher", required=True),
        field("published", required=True),
        field("url"),
        field("archived"),
        field("archive"),
        field("grade"),
    ),
)
TERM = Record("term", (field("label", required=True), field("companies", required=True)))
DEAL = Record(
    "deal",
    (field("name", required=True), field("parties", required=True), field("summary")),
)
EVENT = Record(
    "event",
    (
        field("id", required=True),
        field("date", required=True),
        field("announced"),
        field("title", required=True),
        field("summary"),
        field("kind", required=True),
        field("companies", required=True),
        field("deal"),
        field("supersedes"),
        field("status"),
        field("amount"),
        field("capacity"),
        field("sources", required=True, attribute="citations"),
        field("changes"),
    ),
)
AMOUNT = Record(
    "amount",
    (
        field("value", required=True),
        field("currency", required=True),
        field("measure"),
        field("from", attribute="payer"),
        field("to", attribute="payee"),
        field("over"),
        field("note"),
    ),
)
CAPACITY = Record("capacity", (field("value", required=True), field("unit", required=True)))
CITATION = Record(
    "citation",
    (
        field("source", required=True),
        field("quote", required=True),
        field("role"),
        field("disputes"),
        field("claims"),
        field("note"),
        field("speaker"),
    ),
)
# `ends: true` empties the term: the model keeps no value (`Change.ends`).
CHANGE = Record(
    "change",
    (
        field("term", required=True),
        field("value"),
        field("ends"),
        field("effective"),
        field("since"),
    ),
)
