"""Reading the fields of a store's entries: text, dates, urls, amounts, lists, choices.

`FieldReader` holds what the reading of one file collects (its problems, the ids defined
and the references to check once all are defined); each reader of a value reports its
problems with their position and returns None for a value it cannot read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from dealtimeline.core.dates import STORE_DATE_FORMS, PartialDate, parse_store_date
from dealtimeline.core.errors import Problem
from dealtimeline.core.sanitize import HTTP_URL
from dealtimeline.core.schema import Record
from dealtimeline.core.values import MAX_AMOUNT, TOO_LARGE, shortened
from dealtimeline.store.yaml_nodes import MapNode, Node, Scalar, SeqNode, yaml_type

MAX_PROBLEMS = 500

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?")

_YAML_TYPE_NAMES = {
    "bool": "a boolean",
    "int": "a number",
    "float": "a number",
    "null": "nothing (null)",
    "timestamp": "a date",
    "value": "a special value",
    "merge": "a merge key",
}


def _yaml_type_name(scalar: Scalar) -> str:
    return _YAML_TYPE_NAMES.get(yaml_type(scalar), "a special value")


def describe(node: Node) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    return "text"


class TooMany(Exception):
    """Raised to stop checking a file that has already given too many problems."""


class FieldReader:
    """Reads the fields of one file's entries, collecting their problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.references: list[tuple[str, Scalar]] = []
        self.defined: dict[str, set[str]] = {"company": set(), "source": set(), "term": set()}

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
            raise TooMany

    def _fields(self, node: MapNode, context: str, record: Record) -> dict[str, Node]:
        """The fields of `node` that `record` allows; unknown and missing ones reported."""
        allowed = record.names
        fields: dict[str, Node] = {}
        for name, (key, value) in node.items.items():
            if name in allowed:
                fields[name] = value
                continue
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
            self.problem(key, f"unknown field '{name}' in {context}", fix)
        for name in record.required:
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

    def _shaped(
        self, fields: dict[str, Node], name: str, shape: tuple[type, str], fix: str
    ) -> Node | None:
        """The field's node when it has the `shape` (a node type and its name in words); a
        problem, and None, when it has another; None when it is absent."""
        node = fields.get(name)
        if node is None:
            return None
        kind, words = shape
        if not isinstance(node, kind):
            self.problem(node, f"'{name}' is {describe(node)}, not {words}", fix)
            return None
        return node

    def _text(self, fields: dict[str, Node], name: str, required: bool = True) -> str | None:
        node = self._shaped(
            fields, name, (Scalar, "text"), "write it on one line, or as a folded block ('>-')"
        )
        if not isinstance(node, Scalar):
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

    def _list(
        self, fields: dict[str, Node], name: str, what: str, required: bool
    ) -> list[Node] | None:
        node = self._shaped(
            fields,
            name,
            (SeqNode, "a list"),
            f"write each {what} as a list item starting with '- '",
        )
        if not isinstance(node, SeqNode):
            return None
        if required and not node.items:
            self.problem(node, f"'{name}' is empty", f"give at least one {what}")
            return None
        return node.items

    def _mappings(self, items: list[Node], what: str, fix: str) -> tuple[list[MapNode], bool]:
        """The items that are mappings, and whether all were (the others are problems)."""
        mappings: list[MapNode] = []
        for item in items:
            if isinstance(item, MapNode):
                mappings.append(item)
            else:
                self.problem(item, f"a {what} is {describe(item)}, not a mapping", fix)
        return mappings, len(mappings) == len(items)

    def _references(self, fields: dict[str, Node], name: str, what: str) -> tuple[str, ...] | None:
        node = fields.get(name)
        if node is None:
            return None
        items = node.items if isinstance(node, SeqNode) else None
        if items is None:
            self.problem(
                node,
                f"'{name}' is {describe(node)}, not a list",
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
        shown = node.text if isinstance(node, Scalar) else describe(node)
        close = [a for a in allowed if a.casefold() == shown.casefold()]
        close = close or difflib.get_close_matches(shown, allowed, n=1, cutoff=0.6)
        fix = f"did you mean '{close[0]}'? " if close else ""
        self.problem(node, f"unknown {name} '{shown}'", fix + "one of: " + ", ".join(allowed))
        return None

    def _boolean(self, node: Node | None) -> bool | None:
        if node is None:
            return False
        if isinstance(node, Scalar) and yaml_type(node) == "bool":
            return node.text.lower() in ("true", "yes", "on", "y")
        shown = node.text if isinstance(node, Scalar) else describe(node)
        self.problem(node, f"'{shown}' is not true or false", "write true or false, unquoted")
        return None

    def _date(self, fields: dict[str, Node], name: str) -> PartialDate | None:
        node = fields.get(name)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.problem(
                node, f"'{name}' is {describe(node)}, not a date", f"write {STORE_DATE_FORMS}"
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
            self.problem(node, f"the amount's value is {describe(node)}", "write a number")
            return None
        text = node.text
        if node.plain and _INT.fullmatch(text):
            digits = text.replace("_", "").lstrip("+-")
            # Counted before int() reads them: Python refuses more than 4300 digits.
            value: int | float = MAX_AMOUNT + 1 if len(digits) > 16 else int(text.replace("_", ""))
        elif node.plain and _FLOAT.fullmatch(text) and any(c.isdigit() for c in text):
            value = float(text.replace("_", ""))
        else:
            self.problem(node, *self._number_problem(node))
            return None
        if value > MAX_AMOUNT:  # infinity too
            self.problem(node, f"the amount {shortened(text)} is too large", TOO_LARGE)
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
        if not as_float <= MAX_AMOUNT:  # infinity and NaN too
            return (f"the amount {shortened(text)} is too large", TOO_LARGE)
        digits = f"{int(as_float)}" if as_float.is_integer() else f"{as_float}"
        if not node.plain:
            return (f"'{text}' is text in quotes, not a number", f"remove the quotes: {digits}")
        return (f"'{text}' is text in YAML, not a number", f"write the digits: {digits}")

    def _currency(self, node: Node | None) -> str | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and _CURRENCY.fullmatch(node.text):
            return node.text
        shown = node.text if isinstance(node, Scalar) else describe(node)
        self.problem(
            node,
            f"currency '{shown}' is not an ISO 4217 code",
            "write three capital letters, such as USD",
        )
        return None

    def _url(self, fields: dict[str, Node], name: str = "url") -> str | None:
        return self._checked_text(
            fields,
            name,
            lambda text: HTTP_URL.fullmatch(text) is not None,
            "is not an http(s) address",
            f"use an address starting with https:// or http://, or leave '{name}' out",
        )

    def _archive(self, fields: dict[str, Node]) -> str | None:
        return self._checked_text(
            fields,
            "archive",
            lambda text: not ("/" in text or "\\" in text or text in (".", "..")),
            "is a path, not a file name",
            "name the file only; its folder is given with --archive",
        )

    def _checked_text(
        self,
        fields: dict[str, Node],
        name: str,
        valid: Callable[[str], bool],
        what: str,
        fix: str,
    ) -> str | None:
        """An optional text field that must pass `valid`; a problem naming it otherwise."""
        node = fields.get(name)
        if node is None:
            return None
        text = self._text(fields, name)
        if text is None:
            return None
        if not valid(text):
            self.problem(node, f"{name} '{text}' {what}", fix)
            return None
        return text
