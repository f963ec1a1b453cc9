"""The checks across a store's file: company names that clash, references to ids that are
never defined. They run as entries are read, and once the whole file has been read."""

from __future__ import annotations

import difflib

from dealtimeline.core.model import name_key
from dealtimeline.store.fields import FieldReader, describe
from dealtimeline.store.yaml_nodes import Node, Scalar, SeqNode


class CrossChecks(FieldReader):
    """What must hold across entries: one company for each name, defined references."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        # The company each id, name and alias (under `name_key`) names first, with the
        # role, text, line and column of that first use.
        self.name_owners: dict[str, tuple[str, str, str, int, int]] = {}

    def _aliases(self, company_id: str, node: Node | None) -> tuple[str, ...] | None:
        if node is None:
            return ()
        if not isinstance(node, SeqNode):
            self.problem(
                node,
                f"'aliases' is {describe(node)}, not a list",
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
        plural = {
            "company": "companies",
            "source": "sources",
            "term": "terms",
            "deal": "deals",
            "event": "events",
        }
        for what, node in self.references:
            name = node.text
            known = self.defined[what]
            if name in known:
                continue
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'?" if close else f"define it under '{plural[what]}'"
            if what == "event" and not close:
                fix = "name an event of this store by its id"
            self.problem(node, f"unknown {what} '{name}'", fix)
