"""Reading the entries of a store: companies, sources, terms, and events with their
amounts, citations and changes. Each returns the model's record, or None when the entry
has problems (all of them reported)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from dealtimeline.core import schema
from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import (
    GRADES,
    KINDS,
    STATUSES,
    Change,
    Citation,
    Company,
    Event,
    Grade,
    Source,
    Status,
    Term,
)
from dealtimeline.store.money import MoneyReader
from dealtimeline.store.yaml_nodes import MapNode, Node, Scalar

T = TypeVar("T")


class EntryReader(MoneyReader):
    """Builds the model's records from the entries of one file."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.event_lines: dict[str, int] = {}

    def _company(self, key: Scalar, node: MapNode) -> Company | None:
        company_id = key.text
        context = f"company '{company_id}'"
        fields = self._fields(node, context, schema.COMPANY)
        name = self._text(fields, "name")
        self._claim_name(company_id, "id", key)
        name_node = fields.get("name")
        if name is not None and isinstance(name_node, Scalar):
            self._claim_name(company_id, "name", name_node)
        aliases = self._aliases(company_id, fields.get("aliases"))
        description = self._text(fields, "description", required=False)
        if name is None or aliases is None:
            return None
        return Company(company_id, name, aliases, description)

    def _source(self, key: Scalar, node: MapNode) -> Source | None:
        source_id = key.text
        context = f"source '{source_id}'"
        fields = self._fields(node, context, schema.SOURCE)
        title = self._text(fields, "title")
        publisher = self._text(fields, "publisher")
        published = self._date(fields, "published")
        url = self._url(fields)
        archived = self._url(fields, "archived")
        archive = self._archive(fields)
        grade = self._choice(fields, "grade", GRADES, "press")
        if title is None or publisher is None or published is None or grade is None:
            return None
        return Source(
            source_id,
            title,
            publisher,
            published,
            url,
            archive,
            cast(Grade, grade),
            archived,
            line=key.line,
            column=key.column,
        )

    def _term(self, key: Scalar, node: MapNode) -> Term | None:
        term_id = key.text
        fields = self._fields(node, f"term '{term_id}'", schema.TERM)
        label = self._text(fields, "label")
        companies = self._references(fields, "companies", "company")
        if label is None or companies is None:
            return None
        return Term(term_id, label, companies)

    def _event(self, node: MapNode, position: int) -> Event | None:
        id_node = node.items.get("id")
        event_id = id_node[1].text if id_node and isinstance(id_node[1], Scalar) else None
        context = f"event '{event_id}'" if event_id else "this event"
        fields = self._fields(node, context, schema.EVENT)
        valid_id = self._event_id(fields)
        date = self._date(fields, "date")
        announced = self._date(fields, "announced")
        title = self._text(fields, "title")
        summary = self._text(fields, "summary", required=False)
        kind = self._choice(fields, "kind", KINDS, None)
        companies = self._references(fields, "companies", "company")
        status = self._choice(fields, "status", STATUSES, "official")
        amount_valid, amount = self._amount(fields)
        capacity_valid, capacity = self._capacity(fields)
        deal = self._reference(fields.get("deal"), "deal")
        supersedes_valid, supersedes = self._supersedes(fields)
        citations = self._citations(fields)
        changes = self._changes(fields, date)
        if (
            valid_id is None
            or date is None
            or ("announced" in fields and announced is None)
            or title is None
            or kind is None
            or companies is None
            or status is None
            or citations is None
            or changes is None
            or not amount_valid
            or not capacity_valid
            or not supersedes_valid
            or ("deal" in fields and deal is None)
        ):
            return None
        event = Event(
            id=valid_id,
            date=date,
            title=title,
            kind=kind,
            companies=companies,
            citations=citations,
            summary=summary,
            status=cast(Status, status),
            amount=amount,
            changes=changes,
            announced=announced,
            deal=deal,
            supersedes=tuple(item.text for item in supersedes),
            capacity=capacity,
            position=position,
            line=node.line,
        )
        if supersedes:
            self.superseding.append((event, supersedes))
        announced_node = fields.get("announced")
        if announced is not None and isinstance(announced_node, Scalar):
            self.announcements.append((event, announced_node))
        return event

    def _event_id(self, fields: dict[str, Node]) -> str | None:
        node = fields.get("id")
        if node is None:
            return None
        if not isinstance(node, Scalar) or not self._slug(node, "event"):
            return None
        first = self.event_lines.get(node.text)
        if first is not None:
            self.problem(
                node,
                f"event id '{node.text}' is used twice (first at line {first})",
                "give each event its own id",
            )
            return None
        self.event_lines[node.text] = node.line
        self.defined["event"].add(node.text)
        return node.text

    def _citations(self, fields: dict[str, Node]) -> tuple[Citation, ...] | None:
        return self._entries(
            fields,
            ("sources", "citation", "write '- source: <id>' and 'quote: ...' below it"),
            self._citation,
            required=True,
        )

    def _citation(self, item: MapNode) -> Citation | None:
        cited = self._fields(item, "this citation", schema.CITATION)
        source = self._reference(cited.get("source"), "source")
        quote = self._text(cited, "quote")
        disputes = self._disputes(cited.get("disputes"))
        role = self._role(cited, disputes or ())
        claims_valid, claims = self._claims(cited.get("claims"), disputes or ())
        note = self._text(cited, "note", required=False)
        speaker = self._reference(cited.get("speaker"), "company")
        if quote is not None and not quote.strip():
            self.problem(cited["quote"], "the quote is empty", "copy the words from the source")
            quote = None
        if source is None or quote is None or disputes is None or role is None:
            return None
        if not claims_valid or ("note" in cited and note is None):
            return None
        if "speaker" in cited and speaker is None:
            return None
        quote_node = cited["quote"]
        return Citation(
            source,
            quote,
            role,
            disputes,
            claims,
            note,
            speaker,
            line=quote_node.line,
            column=quote_node.column,
        )

    def _changes(
        self, fields: dict[str, Node], day: PartialDate | None
    ) -> tuple[Change, ...] | None:
        if "changes" not in fields:
            return ()
        fix = "write '- term: <id>' and 'value: ...' (or 'ends: true') below it"
        return self._entries(
            fields,
            ("changes", "change", fix),
            lambda item: self._change(item, day),
            required=False,
        )

    def _entries(
        self,
        fields: dict[str, Node],
        named: tuple[str, str, str],
        build: Callable[[MapNode], T | None],
        required: bool,
    ) -> tuple[T, ...] | None:
        """The entries of the list field `named` (its name, what an entry is, how to write
        one), each a mapping built by `build`; None when any is not."""
        name, what, fix = named
        items = self._list(fields, name, what, required=required)
        if items is None:
            return None
        mappings, valid = self._mappings(items, what, fix)
        built = [build(item) for item in mappings]
        found = [entry for entry in built if entry is not None]
        return tuple(found) if valid and len(found) == len(built) else None

    def _change(self, item: MapNode, day: PartialDate | None) -> Change | None:
        fields = self._fields(item, "this change", schema.CHANGE)
        term = self._reference(fields.get("term"), "term")
        value = self._text(fields, "value", required=False)
        ends = self._boolean(fields.get("ends"))
        effective = self._date(fields, "effective")
        since = self._date(fields, "since")
        if day is not None and not self._since(fields.get("since"), since, day):
            return None
        if value is not None and ends:
            self.problem(
                fields["ends"],
                "a change has both 'value' and 'ends: true'",
                "keep 'value' for a new value, or 'ends: true' to empty the term",
            )
            return None
        if value is None and not ends and "value" not in fields:
            self.problem(
                item,
                "a change has neither 'value' nor 'ends: true'",
                "add 'value: <the new value>' or 'ends: true'",
            )
            return None
        if term is None or (value is None and not ends) or ends is None:
            return None
        if ("effective" in fields and effective is None) or ("since" in fields and since is None):
            return None
        return Change(term, value, effective, since)
