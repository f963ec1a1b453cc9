"""Reading a store: bytes to a valid `Store`, or every problem of the file in one report.

The entries of each section are read as the YAML reader completes them (store.entries,
with their fields read by store.fields); the checks across the file (store.checks) end it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dealtimeline.core import schema
from dealtimeline.core.errors import DealtimelineError, Problem
from dealtimeline.core.model import Company, Deal, Event, Source, Store, Term
from dealtimeline.store.entries import EntryReader
from dealtimeline.store.fields import TooMany, describe
from dealtimeline.store.locate import read_store_bytes, shown_name
from dealtimeline.store.yaml_nodes import MapNode, Node, Scalar, SeqNode, compose, decode

__all__ = ["VERSION", "load_store", "parse_store"]

VERSION = 1

# The sections whose entries are read one by one as the YAML reader completes them.
NAMED_SECTIONS = {"companies": "company", "sources": "source", "terms": "term", "deals": "deal"}
SECTIONS = (*NAMED_SECTIONS, "events")


def load_store(path: Path) -> Store:
    """The valid store at `path`; DealtimelineError lists every problem of the file."""
    return parse_store(read_store_bytes(path), shown_name(path))


def parse_store(data: bytes, file: str) -> Store:
    """The valid store in `data`; DealtimelineError lists every problem, sorted by position."""
    return _Reader(file).read(data)


class _Reader(EntryReader):
    """Builds the model from each entry as the YAML reader hands it on, then checks the rest
    of the tree, collecting problems."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.events: list[Event] = []
        self.event_items = 0
        self.named: dict[str, dict[str, Any]] = {section: {} for section in NAMED_SECTIONS}
        self.build: dict[
            str, Callable[[Scalar, MapNode], Company | Source | Term | Deal | None]
        ] = {
            "companies": self._company,
            "sources": self._source,
            "terms": self._term,
            "deals": self._deal,
        }

    def read(self, data: bytes) -> Store:
        text, decode_problems = decode(data, self.file)
        if text is None:
            raise DealtimelineError(decode_problems)
        try:
            root = compose(text, self.file, self.problems, SECTIONS, self._entry)
            store = self._store(root) if root is not None or not self.problems else None
        except TooMany:
            store = None
        if self.problems or store is None:
            self.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            raise DealtimelineError(self.problems)
        return store

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
                f"the top level is {describe(root)}, not a mapping",
                "a store is a mapping with version, companies, sources, terms and events",
            )
            return None
        fields = self._fields(root, "the store", schema.STORE)
        if not self._version(fields):
            return None
        for section, what in NAMED_SECTIONS.items():
            self._named_section(fields.get(section), section, what)
        events_node = fields.get("events")
        if events_node is not None and not isinstance(events_node, SeqNode):
            self.problem(
                events_node,
                f"'events' is {describe(events_node)}, not a list",
                "write each event as a list item starting with '- id: ...'",
            )
        companies = self.named["companies"]
        self._check_references()
        self._check_announcements(self.named["sources"])
        self._check_supersedes({event.id: event for event in self.events})
        events = tuple(sorted(self.events, key=lambda e: (e.date.sort_key, e.position)))
        return Store(
            self.file,
            companies,
            self.named["sources"],
            self.named["terms"],
            events,
            deals=self.named["deals"],
        )

    def _version(self, fields: dict[str, Node]) -> bool:
        node = fields.get("version")
        if node is None:
            return True
        if isinstance(node, Scalar) and node.plain and node.text == str(VERSION):
            return True
        shown = node.text if isinstance(node, Scalar) else describe(node)
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
            f"'{key}' is {describe(node)}, not a mapping",
            f"write each {what} as '<id>:' followed by its fields",
        )

    # --- entries -------------------------------------------------------------------------

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
                f"{what} '{key.text}' is {describe(node)}, not a mapping",
                f"give the {what}'s fields on the lines below, indented",
            )
            return
        built = self.build[section](key, node)
        if built is not None:
            self.named[section][key.text] = built

    def _event_item(self, node: Node) -> None:
        position = self.event_items
        self.event_items += 1
        if not isinstance(node, MapNode):
            self.problem(
                node,
                f"an event is {describe(node)}, not a mapping",
                "start each event with '- id: ...' and give its fields below",
            )
            return
        event = self._event(node, position)
        if event is not None:
            self.events.append(event)
