"""Reading what a citation says about its event (its role, the aspects it disputes, what
it claims instead) and the dates that place what is known: `announced:` on an event,
`since:` on a change. Each reports its problems with their position."""

from __future__ import annotations

import difflib
from typing import cast

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.model import ASPECTS, ROLES, UNSPECIFIED, Event, Role, Source
from dealtimeline.store.checks import CrossChecks
from dealtimeline.store.fields import describe
from dealtimeline.store.yaml_nodes import Node, Scalar, SeqNode, yaml_type

# What `claims:` must be for each aspect, as the fix of a wrong one says it.
CLAIM_FORMS = {
    "date": "a date such as 2025-11-02",
    "amount": "a number such as 41000000000",
    "occurred": "true or false",
    "parties": "text naming the parties",
    "terms": "text stating the terms",
}


class EvidenceReader(CrossChecks):
    """Reads the evidence fields of citations, changes and events."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        # Each event's `announced:` node, checked against its sources once all are read.
        self.announcements: list[tuple[Event, Scalar]] = []

    def _disputes(self, node: Node | None) -> tuple[str, ...] | None:
        """`disputes: ASPECT`, a list of aspects, or the old `disputes: true`."""
        if node is None:
            return ()
        if isinstance(node, Scalar) and yaml_type(node) == "bool":
            return (UNSPECIFIED,) if self._boolean(node) else ()
        items = node.items if isinstance(node, SeqNode) else [node]
        if not items:
            self.problem(node, "'disputes' is empty", "name an aspect: " + ", ".join(ASPECTS))
            return None
        aspects: list[str] = []
        for item in items:
            if isinstance(item, Scalar) and yaml_type(item) == "str" and item.text in ASPECTS:
                aspects.append(item.text)
                continue
            shown = item.text if isinstance(item, Scalar) else describe(item)
            close = difflib.get_close_matches(shown, ASPECTS, n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'? " if close else ""
            self.problem(
                item,
                f"unknown aspect '{shown}' in 'disputes'",
                fix + "one of: " + ", ".join(ASPECTS) + " (or true)",
            )
            return None
        return tuple(dict.fromkeys(aspects))

    def _role(self, fields: dict[str, Node], disputes: tuple[str, ...]) -> Role | None:
        role = self._choice(fields, "role", ROLES, "supports")
        if role is None:
            return None
        if role != "supports" and disputes:
            self.problem(
                fields["role"],
                f"a citation with 'role: {role}' cannot also dispute its event",
                "keep 'disputes' for evidence against the event, or the role, not both",
            )
            return None
        return cast(Role, role)

    def _claims(self, node: Node | None, disputes: tuple[str, ...]) -> tuple[bool, str | None]:
        """What a disputing citation claims instead, checked against its one aspect and
        kept as written (a date in its store form)."""
        if node is None:
            return True, None
        if len(disputes) != 1 or disputes[0] == UNSPECIFIED:
            self.problem(
                node,
                "'claims' needs a dispute of exactly one aspect",
                "write 'disputes: date' (or amount, ...) with it, or remove 'claims'",
            )
            return False, None
        aspect = disputes[0]
        claim = self._claim(node, aspect)
        if claim is None:
            shown = node.text if isinstance(node, Scalar) else describe(node)
            self.problem(
                node,
                f"'{shown}' is not a claim about the {aspect}",
                f"for 'disputes: {aspect}', 'claims' is {CLAIM_FORMS[aspect]}",
            )
            return False, None
        return True, claim

    def _claim(self, node: Node, aspect: str) -> str | None:
        if not isinstance(node, Scalar) or not node.text.strip():
            return None
        kind = yaml_type(node)
        if aspect == "date":
            from dealtimeline.core.dates import parse_store_date

            try:
                return parse_store_date(node.text).iso
            except ValueError:
                return None
        if aspect == "amount":
            if kind not in ("int", "float"):
                return None
            problems = len(self.problems)
            value = self._number(node)
            if value is None:  # the number's own problem stands for the wrong type
                del self.problems[problems:]
                return None
            return str(value)
        if aspect == "occurred":
            return node.text.lower() if kind == "bool" else None
        return node.text if kind == "str" else None

    def _since(self, node: Node | None, since: PartialDate | None, day: PartialDate) -> bool:
        """A change's `since:` lies on or before its event's date."""
        if node is None or since is None or since.start <= day.end:
            return True
        self.problem(
            node,
            f"'since: {since.iso}' is after the event's date ({day.iso})",
            "since is when the value began to hold, before the event recorded it; "
            "for a value that takes hold later, write 'effective:'",
        )
        return False

    def _check_announcements(self, sources: dict[str, Source]) -> None:
        """An event's `announced:` is no later than every one of its sources."""
        for event, node in self.announcements:
            assert event.announced is not None
            published = [
                sources[c.source].published for c in event.citations if c.source in sources
            ]
            if published and all(event.announced.start > p.end for p in published):
                latest = max(published, key=lambda p: p.end)
                self.problem(
                    node,
                    f"'announced: {event.announced.iso}' is after every source was "
                    f"published (the latest: {latest.iso})",
                    "an event is known no later than its sources: correct the date, or "
                    "leave 'announced' out",
                )
