"""Reading what deals are made of: the deals section, an event's `deal:` and
`supersedes:`, its typed `amount:` (what it measures, who pays whom, over what period)
and its `capacity:`; and the checks across events that supersede others."""

from __future__ import annotations

import math
from typing import cast

from dealtimeline.core import schema
from dealtimeline.core.model import MEASURES, UNITS, Amount, Capacity, Deal, Event, Unit
from dealtimeline.store.evidence import EvidenceReader
from dealtimeline.store.fields import describe
from dealtimeline.store.yaml_nodes import MapNode, Node, Scalar, SeqNode


class MoneyReader(EvidenceReader):
    """Reads deals, typed amounts and capacities; checks what supersedes what."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.defined["deal"] = set()
        self.defined["event"] = set()
        # Each event's `supersedes:` entries, checked once every event is read.
        self.superseding: list[tuple[Event, tuple[Scalar, ...]]] = []

    def _deal(self, key: Scalar, node: MapNode) -> Deal | None:
        deal_id = key.text
        fields = self._fields(node, f"deal '{deal_id}'", schema.DEAL)
        name = self._text(fields, "name")
        parties = self._references(fields, "parties", "company")
        summary = self._text(fields, "summary", required=False)
        if name is None or parties is None or ("summary" in fields and summary is None):
            return None
        return Deal(deal_id, name, parties, summary)

    def _amount(self, fields: dict[str, Node]) -> tuple[bool, Amount | None]:
        fix = "write 'value:' and 'currency:' on the lines below, indented"
        valid, node = self._mapping(fields, "amount", fix)
        if node is None:
            return valid, None
        amount_fields = self._fields(node, "the amount", schema.AMOUNT)
        value = self._number(amount_fields.get("value"))
        currency = self._currency(amount_fields.get("currency"))
        measure = self._choice(amount_fields, "measure", MEASURES, None)
        payer = self._reference(amount_fields.get("from"), "company")
        payee = self._reference(amount_fields.get("to"), "company")
        texts = {name: self._text(amount_fields, name, required=False) for name in ("over", "note")}
        named = ("measure", "from", "to", "over", "note")
        given = [name for name in named if name in amount_fields]
        found = {"measure": measure, "from": payer, "to": payee, **texts}
        if value is None or currency is None or any(found[name] is None for name in given):
            return False, None
        if payer is not None and payer == payee:
            self.problem(
                amount_fields["to"],
                f"the amount is paid from '{payer}' to itself",
                "'from' is who pays and 'to' who is paid: name two companies, or leave one out",
            )
            return False, None
        amount = Amount(value, currency, measure, payer, payee, texts["over"], texts["note"])
        return True, amount

    def _capacity(self, fields: dict[str, Node]) -> tuple[bool, Capacity | None]:
        valid, node = self._mapping(fields, "capacity", "write it as {value: 4.5, unit: GW}")
        if node is None:
            return valid, None
        found = self._fields(node, "the capacity", schema.CAPACITY)
        unit = self._choice(found, "unit", UNITS, None)
        value_node = found.get("value")
        value = None if value_node is None else self._quantity(value_node)
        if value is None or unit is None:
            return False, None
        return True, Capacity(value, cast(Unit, unit))

    def _mapping(self, fields: dict[str, Node], name: str, fix: str) -> tuple[bool, MapNode | None]:
        """The field `name` when it is a mapping; whether it is valid (absent is)."""
        node = fields.get(name)
        if node is None or isinstance(node, MapNode):
            return True, node
        self.problem(node, f"'{name}' is {describe(node)}, not a mapping", fix)
        return False, None

    def _quantity(self, node: Node) -> int | float | None:
        """A capacity's value: a finite, positive number."""
        if isinstance(node, Scalar) and node.plain:
            text = node.text.replace("_", "").lower()
            special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
            try:
                number = special[text] if text in special else float(text)
            except ValueError:
                number = None
            if number is not None and not (math.isfinite(number) and number > 0):
                self.problem(
                    node,
                    f"the capacity {node.text} is not a finite, positive number",
                    "write the capacity as a positive number, such as 4.5",
                )
                return None
        return self._number(node)

    def _supersedes(self, fields: dict[str, Node]) -> tuple[bool, tuple[Scalar, ...]]:
        """The events an event supersedes: one id or a list of them."""
        node = fields.get("supersedes")
        if node is None:
            return True, ()
        items = node.items if isinstance(node, SeqNode) else [node]
        if not items:
            self.problem(node, "'supersedes' is empty", "name the event whose figure it replaces")
            return False, ()
        ids = [self._reference(item, "event") for item in items]
        if any(found is None for found in ids):
            return False, ()
        return True, tuple(cast(Scalar, item) for item in items)

    def _check_supersedes(self, events: dict[str, Event]) -> None:
        """An event supersedes only earlier figures of its own deal, and never itself
        through a chain of others."""
        for event, nodes in self.superseding:
            for node in nodes:
                older = events.get(node.text)
                if older is None or (event.deal and event.deal not in self.defined["deal"]):
                    continue  # undefined: reported by the reference check
                if event.deal is None:
                    self.problem(
                        node,
                        f"event '{event.id}' supersedes '{older.id}' but names no deal",
                        "add 'deal: <id>': an event supersedes a figure of its own deal",
                    )
                elif older.deal != event.deal:
                    where = f"deal '{older.deal}'" if older.deal else "no deal"
                    self.problem(
                        node,
                        f"event '{older.id}' belongs to {where}, not to '{event.deal}'",
                        "an event supersedes only a figure of its own deal",
                    )
                elif older.date.start > event.date.end:
                    self.problem(
                        node,
                        f"event '{older.id}' ({older.date.iso}) is later than "
                        f"'{event.id}' ({event.date.iso})",
                        "an event supersedes an earlier figure: swap them",
                    )
        self._check_cycles(events)

    def _check_cycles(self, events: dict[str, Event]) -> None:
        nodes = {event.id: found for event, found in self.superseding}
        for start in nodes:
            seen = [start]
            chain = list(events[start].supersedes) if start in events else []
            while chain:
                current = chain.pop()
                if current == start:
                    self.problem(
                        nodes[start][0],
                        f"event '{start}' supersedes itself through a cycle of supersedes",
                        "an event supersedes only earlier figures: remove one link",
                    )
                    return
                if current in seen or current not in events:
                    continue
                seen.append(current)
                chain.extend(events[current].supersedes)
