"""Reading a store: bytes to a valid `Store`, or every problem of the file in one report."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, cast

from dealtimeline.core.dates import STORE_DATE_FORMS, PartialDate, parse_store_date
from dealtimeline.core.errors import DealtimelineError, Problem
from dealtimeline.core.model import (
    GRADES,
    KINDS,
    STATUSES,
    Amount,
    Change,
    Citation,
    Company,
    Event,
    Grade,
    Source,
    Status,
    Store,
    Term,
    name_key,
)
from dealtimeline.store.locate import read_store_bytes
from dealtimeline.store.yaml_nodes import MapNode, Node, Scalar, SeqNode, compose, decode, yaml_type

VERSION = 1
MAX_PROBLEMS = 500

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?")
_URL_CHAR = "[^\\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
HTTP_URL = re.compile(f"https?://(?:(?![/?#]){_URL_CHAR})+{_URL_CHAR}*", re.IGNORECASE)

TOP_FIELDS = ("version", "companies", "sources", "terms", "events")
# The sections whose entries are read one by one as the YAML reader completes them.
NAMED_SECTIONS = {"companies": "company", "sources": "source", "terms": "term"}
SECTIONS = (*NAMED_SECTIONS, "events")
COMPANY_FIELDS = ("name", "aliases", "description")
SOURCE_FIELDS = ("title", "publisher", "published", "url", "archive", "grade")
TERM_FIELDS = ("label", "companies")
EVENT_FIELDS = (
    "id",
    "date",
    "title",
    "summary",
    "kind",
    "companies",
    "status",
    "amount",
    "sources",
    "changes",
)
AMOUNT_FIELDS = ("value", "currency", "note")
CITATION_FIELDS = ("source", "quote", "disputes")
CHANGE_FIELDS = ("term", "value", "ends", "effective")

_YAML_TYPE_NAMES = {
    "bool": "a boolean",
    "int": "a number",
    "float": "a number",
    "null": "nothing (null)",
    "timestamp": "a date",
    "value": "a special value",
    "merge": "a merge key",
}


def load_store(path: Path) -> Store:
    """The valid store at `path`; DealtimelineError lists every problem of the file."""
    return parse_store(read_store_bytes(path), str(path))


def parse_store(data: bytes, file: str) -> Store:
    """The valid store in `data`; DealtimelineError lists every problem, sorted by position."""
    return _Reader(file).read(data)


def _yaml_type_name(scalar: Scalar) -> str:
    return _YAML_TYPE_NAMES.get(yaml_type(scalar), "a special value")


def _describe(node: Node) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    return "text"


class _TooMany(Exception):
    """Raised to stop checking a file that has already given too many problems."""


class _Reader:
    """Builds the model from each entry as the YAML reader hands it on, then checks the rest
    of the tree, collecting problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.references: list[tuple[str, Scalar]] = []
        self.event_lines: dict[str, int] = {}
        self.events: list[Event] = []
        self.event_items = 0
        # The company each id, name and alias (under `name_key`) names first, with the
        # role, text, line and column of that first use.
        self.name_owners: dict[str, tuple[str, str, str, int, int]] = {}
        self.defined: dict[str, set[str]] = {"company": set(), "source": set(), "term": set()}
        self.named: dict[str, dict[str, Any]] = {section: {} for section in NAMED_SECTIONS}

    def read(self, data: bytes) -> Store:
        text, decode_problems = decode(data, self.file)
        if text is None:
            raise DealtimelineError(decode_problems)
        try:
            root = compose(text, self.file, self.problems, SECTIONS, self._entry)
            store = self._store(root) if root is not None or not self.problems else None
        except _TooMany:
            store = None
        if self.problems or store is None:
            self.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            raise DealtimelineError(self.problems)
        return store

    def problem(self, where: Node | Scalar, message: str, fix: str) -> None:
        self.problems.append(Problem(message, fix, self.file, where.line, where.column))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(
                Problem(
                    f"stopped after {MAX_PROBLEMS} problems",
                    "fix these first",
                    self.file,
                    where.line,
                    where.column,
                )
            )
            raise _TooMany

    # --- the top level -------------------------------------------------------------------

    def _store(self, root: Node | None) -> Store | None:
        if root is None or (isinstance(root, Scalar) and root.plain and root.text in ("", "~")):
            if not self.problems:
                self.problems.append(
                    Problem(
                        "the file is empty",
                        "a store starts with 'version: 1'; 'dealtimeline init' writes an example",
                        self.file,
                        1,
                        1,
                    )
                )
            return None
        if not isinstance(root, MapNode):
            self.problem(
                root,
                f"the top level is {_describe(root)}, not a mapping",
                "a store is a mapping with version, companies, sources, terms and events",
            )
            return None
        fields = self._fields(root, "the store", TOP_FIELDS, ("version",))
        if not self._version(root, fields):
            return None
        for section, what in NAMED_SECTIONS.items():
            self._named_section(fields.get(section), section, what)
        events_node = fields.get("events")
        if events_node is not None and not isinstance(events_node, SeqNode):
            self.problem(
                events_node,
                f"'events' is {_describe(events_node)}, not a list",
                "write each event as a list item starting with '- id: ...'",
            )
        companies = self.named["companies"]
        self._check_references()
        events = tuple(sorted(self.events, key=lambda e: (e.date.sort_key, e.position)))
        return Store(self.file, companies, self.named["sources"], self.named["terms"], events)

    def _version(self, root: MapNode, fields: dict[str, Node]) -> bool:
        node = fields.get("version")
        if node is None:
            return True
        if isinstance(node, Scalar) and node.plain and node.text == str(VERSION):
            return True
        shown = node.text if isinstance(node, Scalar) else _describe(node)
        self.problem(
            node,
            f"unknown store version '{shown}'",
            f"this dealtimeline reads version {VERSION}: write 'version: {VERSION}'",
        )
        return False

    def _named_section(self, node: Node | None, key: str, what: str) -> None:
        """A section of named entries must be a mapping; its entries came through `_entry`."""
        if node is None or isinstance(node, MapNode):
            return
        if isinstance(node, Scalar) and node.plain and node.text in ("", "~"):
            return
        self.problem(
            node,
            f"'{key}' is {_describe(node)}, not a mapping",
            f"write each {what} as '<id>:' followed by its fields",
        )

    # --- entries -------------------------------------------------------------------------

    def _company(self, key: Scalar, node: MapNode) -> Company | None:
        company_id = key.text
        context = f"company '{company_id}'"
        fields = self._fields(node, context, COMPANY_FIELDS, ("name",))
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
        fields = self._fields(node, context, SOURCE_FIELDS, ("title", "publisher", "published"))
        title = self._text(fields, "title")
        publisher = self._text(fields, "publisher")
        published = self._date(fields, "published")
        url = self._url(fields)
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
            line=key.line,
            column=key.column,
        )

    def _term(self, key: Scalar, node: MapNode) -> Term | None:
        term_id = key.text
        fields = self._fields(node, f"term '{term_id}'", TERM_FIELDS, ("label", "companies"))
        label = self._text(fields, "label")
        companies = self._references(fields, "companies", "company")
        if label is None or companies is None:
            return None
        return Term(term_id, label, companies)

    def _entry(self, section: str, key: Scalar | None, node: Node) -> None:
        """One entry of a section, as soon as the YAML reader has it whole.

        Entries of a section of the wrong shape (events as a mapping, companies as a list)
        are skipped: `_store` reports the section once.
        """
        if section == "events":
            if key is None:
                self._event_item(node)
            return
        if key is None:
            return
        what = NAMED_SECTIONS[section]
        if not self._slug(key, what):
            return
        self.defined[what].add(key.text)
        if not isinstance(node, MapNode):
            self.problem(
                node,
                f"{what} '{key.text}' is {_describe(node)}, not a mapping",
                f"give the {what}'s fields on the lines below, indented",
            )
            return
        build = {"companies": self._company, "sources": self._source, "terms": self._term}
        built = build[section](key, node)
        if built is not None:
            self.named[section][key.text] = built

    def _event_item(self, node: Node) -> None:
        position = self.event_items
        self.event_items += 1
        if not isinstance(node, MapNode):
            self.problem(
                node,
                f"an event is {_describe(node)}, not a mapping",
                "start each event with '- id: ...' and give its fields below",
            )
            return
        event = self._event(node, position)
        if event is not None:
            self.events.append(event)

    def _event(self, node: MapNode, position: int) -> Event | None:
        id_node = node.items.get("id")
        event_id = id_node[1].text if id_node and isinstance(id_node[1], Scalar) else None
        context = f"event '{event_id}'" if event_id else "this event"
        fields = self._fields(
            node, context, EVENT_FIELDS, ("id", "date", "title", "kind", "companies", "sources")
        )
        valid_id = self._event_id(fields)
        date = self._date(fields, "date")
        title = self._text(fields, "title")
        summary = self._text(fields, "summary", required=False)
        kind = self._choice(fields, "kind", KINDS, None)
        companies = self._references(fields, "companies", "company")
        status = self._choice(fields, "status", STATUSES, "official")
        amount_valid, amount = self._amount(fields)
        citations = self._citations(fields)
        changes = self._changes(fields)
        if (
            valid_id is None
            or date is None
            or title is None
            or kind is None
            or companies is None
            or status is None
            or citations is None
            or changes is None
            or not amount_valid
        ):
            return None
        return Event(
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
            position=position,
            line=node.line,
        )

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
        return node.text

    def _amount(self, fields: dict[str, Node]) -> tuple[bool, Amount | None]:
        node = fields.get("amount")
        if node is None:
            return True, None
        if not isinstance(node, MapNode):
            self.problem(
                node,
                f"'amount' is {_describe(node)}, not a mapping",
                "write 'value:' and 'currency:' on the lines below, indented",
            )
            return False, None
        amount_fields = self._fields(node, "the amount", AMOUNT_FIELDS, ("value", "currency"))
        value = self._number(amount_fields.get("value"))
        currency = self._currency(amount_fields.get("currency"))
        note = self._text(amount_fields, "note", required=False)
        if value is None or currency is None:
            return False, None
        return True, Amount(value, currency, note)

    def _citations(self, fields: dict[str, Node]) -> tuple[Citation, ...] | None:
        items = self._list(fields, "sources", "citation", required=True)
        if items is None:
            return None
        citations: list[Citation] = []
        valid = True
        for item in items:
            if not isinstance(item, MapNode):
                self.problem(
                    item,
                    f"a citation is {_describe(item)}, not a mapping",
                    "write '- source: <id>' and 'quote: ...' below it",
                )
                valid = False
                continue
            cited = self._fields(item, "this citation", CITATION_FIELDS, ("source", "quote"))
            source = self._reference(cited.get("source"), "source")
            quote = self._text(cited, "quote")
            disputes = self._boolean(cited.get("disputes"))
            if quote is not None and not quote.strip():
                self.problem(cited["quote"], "the quote is empty", "copy the words from the source")
                quote = None
            if source is None or quote is None or disputes is None:
                valid = False
                continue
            quote_node = cited["quote"]
            citations.append(
                Citation(source, quote, disputes, line=quote_node.line, column=quote_node.column)
            )
        return tuple(citations) if valid else None

    def _changes(self, fields: dict[str, Node]) -> tuple[Change, ...] | None:
        node = fields.get("changes")
        if node is None:
            return ()
        items = self._list(fields, "changes", "change", required=False)
        if items is None:
            return None
        changes: list[Change] = []
        valid = True
        for item in items:
            if not isinstance(item, MapNode):
                self.problem(
                    item,
                    f"a change is {_describe(item)}, not a mapping",
                    "write '- term: <id>' and 'value: ...' (or 'ends: true') below it",
                )
                valid = False
                continue
            change = self._change(item)
            if change is None:
                valid = False
            else:
                changes.append(change)
        return tuple(changes) if valid else None

    def _change(self, item: MapNode) -> Change | None:
        fields = self._fields(item, "this change", CHANGE_FIELDS, ("term",))
        term = self._reference(fields.get("term"), "term")
        value = self._text(fields, "value", required=False)
        ends = self._boolean(fields.get("ends"))
        effective = self._date(fields, "effective")
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
        if "effective" in fields and effective is None:
            return None
        return Change(term, value, effective)

    # --- fields and values ---------------------------------------------------------------

    def _fields(
        self, node: MapNode, context: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, Node]:
        fields: dict[str, Node] = {}
        for name, (key, value) in node.items.items():
            if name in allowed:
                fields[name] = value
                continue
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
            self.problem(key, f"unknown field '{name}' in {context}", fix)
        for name in required:
            if name not in fields:
                self.problem(node, f"{context} has no '{name}'", f"add '{name}: ...'")
        return fields

    def _slug(self, scalar: Scalar, what: str) -> bool:
        if _SLUG.fullmatch(scalar.text):
            return True
        suggestion = re.sub(r"[^a-z0-9]+", "-", scalar.text.lower()).strip("-")
        fix = "use lowercase letters, digits and hyphens"
        if suggestion:
            fix += f", such as '{suggestion}'"
        self.problem(scalar, f"'{scalar.text}' is not a valid {what} id", fix)
        return False

    def _text(self, fields: dict[str, Node], name: str, required: bool = True) -> str | None:
        node = fields.get(name)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.problem(
                node,
                f"'{name}' is {_describe(node)}, not text",
                "write it on one line, or as a folded block ('>-')",
            )
            return None
        kind = yaml_type(node)
        if kind == "null":
            if required:
                self.problem(node, f"'{name}' is empty", f"write the {name} after '{name}:'")
            else:
                self.problem(node, f"'{name}' is empty", f"write the {name}, or remove the line")
            return None
        if kind != "str":
            self.problem(
                node,
                f"'{node.text}' in '{name}' is read by YAML as {_yaml_type_name(node)}, not text",
                f'quote it: "{node.text}"',
            )
            return None
        return node.text

    def _aliases(self, company_id: str, node: Node | None) -> tuple[str, ...] | None:
        if node is None:
            return ()
        if not isinstance(node, SeqNode):
            self.problem(
                node,
                f"'aliases' is {_describe(node)}, not a list",
                "write it as a list: aliases: [OCI, ORCL]",
            )
            return None
        aliases: list[str] = []
        for item in node.items:
            text = self._text({"aliases": item}, "aliases")
            if text is None:
                return None
            assert isinstance(item, Scalar)
            self._claim_name(company_id, "alias", item)
            aliases.append(text)
        return tuple(aliases)

    def _list(
        self, fields: dict[str, Node], name: str, what: str, required: bool
    ) -> list[Node] | None:
        node = fields.get(name)
        if node is None:
            return None
        if not isinstance(node, SeqNode):
            self.problem(
                node,
                f"'{name}' is {_describe(node)}, not a list",
                f"write each {what} as a list item starting with '- '",
            )
            return None
        if required and not node.items:
            self.problem(node, f"'{name}' is empty", f"give at least one {what}")
            return None
        return node.items

    def _references(self, fields: dict[str, Node], name: str, what: str) -> tuple[str, ...] | None:
        node = fields.get(name)
        if node is None:
            return None
        items = node.items if isinstance(node, SeqNode) else None
        if items is None:
            self.problem(
                node,
                f"'{name}' is {_describe(node)}, not a list",
                f"write it as a list of {what} ids: {name}: [openai, oracle]",
            )
            return None
        if not items:
            self.problem(node, f"'{name}' is empty", f"name at least one {what}")
            return None
        ids = [self._reference(item, what) for item in items]
        if any(item is None for item in ids):
            return None
        return tuple(item for item in ids if item is not None)

    def _reference(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, Scalar) or yaml_type(node) != "str":
            self.problem(node, f"a {what} id is expected here", f"write the {what}'s id")
            return None
        if node.text not in self.defined[what]:  # not yet: checked once all are defined
            self.references.append((what, node))
        return node.text

    def _choice(
        self, fields: dict[str, Node], name: str, allowed: tuple[str, ...], default: str | None
    ) -> str | None:
        node = fields.get(name)
        if node is None:
            return default
        if isinstance(node, Scalar) and node.text in allowed and yaml_type(node) == "str":
            return node.text
        shown = node.text if isinstance(node, Scalar) else _describe(node)
        close = difflib.get_close_matches(shown, allowed, n=1, cutoff=0.6)
        fix = f"did you mean '{close[0]}'? " if close else ""
        self.problem(node, f"unknown {name} '{shown}'", fix + "one of: " + ", ".join(allowed))
        return None

    def _boolean(self, node: Node | None) -> bool | None:
        if node is None:
            return False
        if isinstance(node, Scalar) and yaml_type(node) == "bool":
            return node.text.lower() in ("true", "yes", "on", "y")
        shown = node.text if isinstance(node, Scalar) else _describe(node)
        self.problem(node, f"'{shown}' is not true or false", "write true or false, unquoted")
        return None

    def _date(self, fields: dict[str, Node], name: str) -> PartialDate | None:
        node = fields.get(name)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.problem(
                node, f"'{name}' is {_describe(node)}, not a date", f"write {STORE_DATE_FORMS}"
            )
            return None
        try:
            return parse_store_date(node.text)
        except ValueError as error:
            self.problem(node, f"invalid date in '{name}': {error}", f"write {STORE_DATE_FORMS}")
            return None

    def _number(self, node: Node | None) -> int | float | None:
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.problem(node, f"the amount's value is {_describe(node)}", "write a number")
            return None
        text = node.text
        if node.plain and _INT.fullmatch(text):
            value: int | float = int(text.replace("_", ""))
        elif node.plain and _FLOAT.fullmatch(text) and any(c.isdigit() for c in text):
            value = float(text.replace("_", ""))
        else:
            self.problem(node, *self._number_problem(node))
            return None
        if value <= 0:
            self.problem(
                node, f"the amount {text} is not positive", "write the amount as a positive number"
            )
            return None
        return value

    def _number_problem(self, node: Scalar) -> tuple[str, str]:
        text = node.text
        try:
            as_float = float(text.replace("_", ""))
        except ValueError:
            return (f"'{text}' is not a number", "write the amount in digits, such as 1000000000")
        digits = f"{int(as_float)}" if as_float.is_integer() else f"{as_float}"
        if not node.plain:
            return (f"'{text}' is text in quotes, not a number", f"remove the quotes: {digits}")
        return (f"'{text}' is text in YAML, not a number", f"write the digits: {digits}")

    def _currency(self, node: Node | None) -> str | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and _CURRENCY.fullmatch(node.text):
            return node.text
        shown = node.text if isinstance(node, Scalar) else _describe(node)
        self.problem(
            node,
            f"currency '{shown}' is not an ISO 4217 code",
            "write three capital letters, such as USD",
        )
        return None

    def _url(self, fields: dict[str, Node]) -> str | None:
        node = fields.get("url")
        if node is None:
            return None
        text = self._text(fields, "url")
        if text is None:
            return None
        if not HTTP_URL.fullmatch(text):
            self.problem(
                node,
                f"url '{text}' is not an http(s) address",
                "use an address starting with https:// or http://, or leave 'url' out",
            )
            return None
        return text

    def _archive(self, fields: dict[str, Node]) -> str | None:
        node = fields.get("archive")
        if node is None:
            return None
        text = self._text(fields, "archive")
        if text is None:
            return None
        if "/" in text or "\\" in text or text in (".", ".."):
            self.problem(
                node,
                f"archive '{text}' is a path, not a file name",
                "name the file only; its folder is given with --archive",
            )
            return None
        return text

    # --- checks across the file ----------------------------------------------------------

    def _claim_name(self, company_id: str, role: str, node: Scalar) -> None:
        """Every id, name and alias names one company under `name_key`, the rule that
        `--company` resolves by; a clash is reported where it is written, naming the first."""
        first = (company_id, role, node.text, node.line, node.column)
        first_id, first_role, first_text, first_line, _ = self.name_owners.setdefault(
            name_key(node.text), first
        )
        if first_id != company_id:
            self.problem(
                node,
                f"{role} '{node.text}' of company '{company_id}' also names '{first_id}' "
                f"(its {first_role} '{first_text}' at line {first_line})",
                "a name must stand for one company, whatever its case: change one of them",
            )

    def _check_references(self) -> None:
        """Every reference names a defined id (defined, even if its entry has problems)."""
        plural = {"company": "companies", "source": "sources", "term": "terms"}
        for what, node in self.references:
            name = node.text
            known = self.defined[what]
            if name in known:
                continue
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'?" if close else f"define it under '{plural[what]}'"
            self.problem(node, f"unknown {what} '{name}'", fix)
