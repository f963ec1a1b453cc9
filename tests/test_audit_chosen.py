"""The audit's same-day rule: a confirmation that takes effect on the day of the report it
supersedes is the store's choice, not a conflict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run

CONFIRMED = """\
version: 1
companies:
  openai: {name: OpenAI}
  oracle: {name: Oracle}
sources:
  wire: {title: A report, publisher: A wire, published: 2025-09-10}
  post: {title: A post, publisher: OpenAI, published: 2025-09-23, grade: primary}
terms:
  capacity: {label: Oracle capacity, companies: [oracle, openai]}
deals:
  oracle: {name: The Oracle contract, parties: [openai, oracle]}
events:
  - id: report
    date: 2025-09-10
    title: A contract is reported
    kind: capacity
    companies: [oracle, openai]
    deal: oracle
    status: reported
    sources: [{source: wire, quote: "$300 billion from 2027"}]
    changes: [{term: capacity, value: "$300B (reported)", effective: 2027}]
  - id: confirmation
    date: 2025-09-23
    title: The contract is confirmed
    kind: capacity
    companies: [oracle, openai]
    deal: oracle
    supersedes: SUPERSEDES
    sources: [{source: post, quote: "more than $300 billion"}]
    changes: [{term: capacity, value: "more than $300B", effective: 2027}]
"""


@pytest.mark.parametrize(
    ("supersedes", "conflicts"),
    [
        ("    supersedes: report\n", []),
        ("", [("same day", ["report", "confirmation"])]),
    ],
)
def test_a_same_day_change_by_the_event_that_supersedes_the_other_is_chosen(
    tmp_path: Path, supersedes: str, conflicts: list[tuple[str, list[str]]]
) -> None:
    """A confirmation taking effect on the day of the report it supersedes is the store's
    choice, not a conflict; the same two changes without `supersedes` are one."""
    store = tmp_path / "store.yaml"
    store.write_text(CONFIRMED.replace("    supersedes: SUPERSEDES\n", supersedes))
    result = run("--store", str(store), "audit", "--format", "json")
    assert (result.code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert [(c["kind"], c["events"]) for c in data["conflicts"]] == conflicts
    assert data["summary"]["undeclared_conflicts"] == len(conflicts)
