"""Every refusal of the store format, with its exact message, line and column."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from dealtimeline.core.errors import DealtimelineError
from dealtimeline.core.query import resolve_company
from dealtimeline.store import yaml_nodes
from dealtimeline.store.reader import load_store, parse_store

HEAD = """\
version: 1
companies:
  openai:
    name: OpenAI
sources:
  s1:
    title: A title
    publisher: A publisher
    published: 2024-06-12
terms:
  t1:
    label: A term
    companies: [openai]
events:
"""
# The event starts on line 15; its fields are at column 5.
EVENT = """\
  - id: e1
    date: 2024-06-11
    title: Something happened
    kind: capacity
    companies: [openai]
    sources:
      - source: s1
        quote: "words"
"""


def problems(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(DealtimelineError) as caught:
        parse_store(data, "s.yaml")
    assert caught.value.exit_code == 1
    return [str(p) for p in caught.value.problems]


def event_with(old: str, new: str) -> str:
    assert old in EVENT
    return HEAD + EVENT.replace(old, new)


def test_a_valid_store_loads() -> None:
    store = parse_store((HEAD + EVENT).encode(), "s.yaml")
    assert [e.id for e in store.events] == ["e1"]
    assert store.events[0].date.iso == "2024-06-11"
    assert store.events[0].citations[0].line == 22
    assert store.sources["s1"].grade == "press"


def test_not_yaml_an_unclosed_bracket() -> None:
    assert problems("version: 1\ncompanies: [a, b\nsources: {}\n") == [
        "s.yaml:3:8: not valid YAML: did not find expected ',' or ']'; check the flow "
        "sequence that starts at line 2: is a bracket or quote left open?"
    ]


def test_not_yaml_tab_indentation() -> None:
    assert problems("version: 1\ncompanies:\n\topenai:\n") == [
        "s.yaml:3:1: not valid YAML: found character that cannot start any token (a tab); "
        "indent with spaces, not tabs"
    ]


def test_not_utf8_names_every_bad_byte() -> None:
    assert problems(b"version: 1\ncompanies:\n  a:\n    name: Caf\xe9 \xff\n") == [
        "s.yaml:4:14: byte 0xE9 is not UTF-8; save the file as UTF-8",
        "s.yaml:4:16: byte 0xFF is not UTF-8; save the file as UTF-8",
    ]


def test_a_bom_is_accepted() -> None:
    store = parse_store(("\ufeff" + HEAD + EVENT).encode(), "s.yaml")
    assert len(store.events) == 1


def test_an_empty_file() -> None:
    expected = [
        "s.yaml:1:1: the file is empty; a store starts with 'version: 1'; "
        "'dealtimeline init' writes an example"
    ]
    assert problems("") == expected
    assert problems("# only a comment\n") == expected


def test_a_nul_byte_and_other_controls() -> None:
    assert problems("version: 1\ncompanies:\n  a:\n    name: x\x00y\x1bz\n") == [
        "s.yaml:4:12: control character U+0000 in the file; remove it; inside a "
        "double-quoted string write it as an escape such as \\x1b",
        "s.yaml:4:14: control character U+001B in the file; remove it; inside a "
        "double-quoted string write it as an escape such as \\x1b",
    ]


def test_top_level_list() -> None:
    assert problems("- a\n- b\n") == [
        "s.yaml:1:1: the top level is a list, not a mapping; "
        "a store is a mapping with version, companies, sources, terms and events"
    ]


def test_missing_version() -> None:
    assert problems(HEAD.replace("version: 1\n", "") + EVENT) == [
        "s.yaml:1:1: the store has no 'version'; add 'version: ...'"
    ]


def test_unknown_version() -> None:
    assert problems(HEAD.replace("version: 1", "version: 2") + EVENT) == [
        "s.yaml:1:10: unknown store version '2'; this dealtimeline reads version 1: "
        "write 'version: 1'"
    ]


def test_duplicate_keys_at_any_depth() -> None:
    text = HEAD.replace("version: 1\n", "version: 1\nversion: 1\n")
    text = text.replace("    name: OpenAI\n", "    name: OpenAI\n    name: Open AI\n")
    text += EVENT.replace("        quote:", '        quote: "a"\n        quote:')
    assert problems(text) == [
        "s.yaml:2:1: key 'version' appears twice in this mapping (first at line 1); "
        "keep one of them",
        "s.yaml:6:5: key 'name' appears twice in this mapping (first at line 5); keep one of them",
        "s.yaml:25:9: key 'quote' appears twice in this mapping (first at line 24); "
        "keep one of them",
    ]


def test_unknown_field_with_a_suggestion() -> None:
    assert problems(event_with("companies:", "compnies:")) == [
        "s.yaml:15:5: event 'e1' has no 'companies'; add 'companies: ...'",
        "s.yaml:19:5: unknown field 'compnies' in event 'e1'; did you mean 'companies'?",
    ]


def test_unknown_field_without_a_suggestion() -> None:
    assert problems(event_with("    kind:", "    colour: red\n    kind:")) == [
        "s.yaml:18:5: unknown field 'colour' in event 'e1'; allowed: id, date, announced, "
        "title, summary, kind, companies, deal, supersedes, status, amount, capacity, sources, "
        "changes"
    ]


def test_a_missing_required_field() -> None:
    assert problems(event_with("    title: Something happened\n", "")) == [
        "s.yaml:15:5: event 'e1' has no 'title'; add 'title: ...'"
    ]


def test_wrong_types() -> None:
    text = event_with("companies: [openai]", "companies: openai")
    text = text.replace("title: Something happened", "title: [a, b]")
    assert problems(text) == [
        "s.yaml:17:12: 'title' is a list, not text; write it on one line, or as a folded "
        "block ('>-')",
        "s.yaml:19:16: 'companies' is text, not a list; write it as a list of company ids: "
        "companies: [openai, oracle]",
    ]


def test_yaml_typed_text_must_be_quoted() -> None:
    text = event_with("title: Something happened", "title: NO")
    text += EVENT.replace("e1", "e2").replace("title: Something happened", "title: 10:30")
    text += EVENT.replace("e1", "e3").replace("title: Something happened", "title: 0012")
    assert problems(text) == [
        "s.yaml:17:12: 'NO' in 'title' is read by YAML as a boolean, not text; quote it: \"NO\"",
        "s.yaml:25:12: '10:30' in 'title' is read by YAML as a number, not text; "
        'quote it: "10:30"',
        "s.yaml:33:12: '0012' in 'title' is read by YAML as a number, not text; quote it: \"0012\"",
    ]


def test_ids_must_be_slugs_and_unique() -> None:
    text = event_with("id: e1", "id: Event One") + EVENT + EVENT
    assert problems(text) == [
        "s.yaml:15:9: 'Event One' is not a valid event id; use lowercase letters, digits "
        "and hyphens, such as 'event-one'",
        "s.yaml:31:9: event id 'e1' is used twice (first at line 23); give each event its own id",
    ]


def test_undefined_references() -> None:
    text = event_with("companies: [openai]", "companies: [opneai]")
    text = text.replace("source: s1", "source: s2")
    text = text.replace(
        '        quote: "words"\n',
        '        quote: "words"\n    changes:\n      - term: t2\n        value: x\n',
    )
    assert problems(text) == [
        "s.yaml:19:17: unknown company 'opneai'; did you mean 'openai'?",
        "s.yaml:21:17: unknown source 's2'; define it under 'sources'",
        "s.yaml:24:15: unknown term 't2'; define it under 'terms'",
    ]


def test_an_empty_quote_and_a_bad_url() -> None:
    text = HEAD.replace(
        "    published: 2024-06-12\n", "    published: 2024-06-12\n    url: javascript:alert(1)\n"
    )
    text += EVENT.replace('quote: "words"', 'quote: "  "')
    assert problems(text) == [
        "s.yaml:10:10: url 'javascript:alert(1)' is not an http(s) address; use an address "
        "starting with https:// or http://, or leave 'url' out",
        "s.yaml:23:16: the quote is empty; copy the words from the source",
    ]


def test_amounts() -> None:
    amount = "    kind: capacity\n    amount:\n      value: {value}\n      currency: {currency}\n"
    text = event_with("    kind: capacity\n", amount.format(value="500e9", currency="USD"))
    text += EVENT.replace("e1", "e2").replace(
        "    kind: capacity\n", amount.format(value='"500"', currency="usd")
    )
    assert problems(text) == [
        "s.yaml:20:14: '500e9' is text in YAML, not a number; write the digits: 500000000000",
        "s.yaml:31:14: '500' is text in quotes, not a number; remove the quotes: 500",
        "s.yaml:32:17: currency 'usd' is not an ISO 4217 code; write three capital letters, "
        "such as USD",
    ]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2024-13", "'2024-13' has month 13, which does not exist"),
        ("2024-02-30", "'2024-02-30' has day 30, but that month has 29 days"),
        ("June", "'June' is not a date"),
        ("2024-06-11 10:00", "'2024-06-11 10:00' is not a date"),
    ],
)
def test_invalid_dates(written: str, reason: str) -> None:
    assert problems(event_with("date: 2024-06-11", f"date: {written}")) == [
        f"s.yaml:16:11: invalid date in 'date': {reason}; write YYYY, YYYY-MM or YYYY-MM-DD "
        "(2022, 2024-06, 2024-06-11)"
    ]


def test_an_unknown_kind_names_the_list() -> None:
    assert problems(event_with("kind: capacity", "kind: capcity")) == [
        "s.yaml:18:11: unknown kind 'capcity'; did you mean 'capacity'? one of: investment, "
        "capacity, partnership, terms, joint-venture, product, statement, report"
    ]


def test_a_change_needs_a_value_or_ends_but_not_both() -> None:
    changes = '        quote: "words"\n    changes:\n      - term: t1\n{fields}'
    text = event_with(
        '        quote: "words"\n', changes.format(fields="        effective: 2025\n")
    )
    text += EVENT.replace("e1", "e2").replace(
        '        quote: "words"\n',
        changes.format(fields="        value: x\n        ends: true\n"),
    )
    assert problems(text) == [
        "s.yaml:24:9: a change has neither 'value' nor 'ends: true'; add 'value: <the new "
        "value>' or 'ends: true'",
        "s.yaml:37:15: a change has both 'value' and 'ends: true'; keep 'value' for a new "
        "value, or 'ends: true' to empty the term",
    ]


def test_anchors_aliases_and_python_tags_are_refused() -> None:
    text = HEAD.replace("    name: OpenAI", "    name: &n OpenAI\n    description: *n")
    text += EVENT.replace(
        "title: Something happened", "title: !!python/object/apply:os.system ['true']"
    )
    assert problems(text) == [
        "s.yaml:4:11: anchor '&n'; a store has no use for anchors and aliases: remove it",
        "s.yaml:5:18: alias '*n'; a store has no use for anchors and aliases: write the value out",
        "s.yaml:18:12: tag 'tag:yaml.org,2002:python/object/apply:os.system' asks for a "
        "Python object; refused and never run: remove the tag",
        "s.yaml:18:12: 'title' is a list, not text; write it on one line, or as a folded "
        "block ('>-')",
    ]


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ["version: 1", "companies:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    found = problems("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert found[0] == (
        "s.yaml:3:7: anchor '&a0'; a store has no use for anchors and aliases: remove it"
    )
    assert found[1:5] == [
        "s.yaml:3:7: company 'a0' is a list, not a mapping; give the company's fields on the "
        "lines below, indented",
        "s.yaml:4:7: anchor '&a1'; a store has no use for anchors and aliases: remove it",
        "s.yaml:4:7: company 'a1' is a list, not a mapping; give the company's fields on the "
        "lines below, indented",
        "s.yaml:4:12: alias '*a0'; a store has no use for anchors and aliases: write the value out",
    ]
    assert found[-1] == "s.yaml:5:42: stopped reading after 20 such problems; fix these first"
    assert len(found) == 23


def test_deep_nesting_is_refused_without_a_crash() -> None:
    tracemalloc.start()
    found = problems("a: " + "[" * 20000 + "]" * 20000 + "\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert found == [
        "s.yaml:1:35: nesting deeper than 32 levels; a store needs at most 6: flatten this value"
    ]
    assert peak < 20_000_000


NESTING = "nesting deeper than 32 levels; a store needs at most 6: flatten this value"


class _LibyamlWithALimitOfItsOwn(yaml.SafeLoader):
    """A stand-in for a libyaml that stops flow nesting early, in words of its own."""

    def __init__(self, text: str) -> None:
        if "[[[[[" in text:
            raise yaml.MarkedYAMLError(problem="some new wording of a nesting limit")
        super().__init__(text)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: " + "[" * 20000 + "]" * 20000 + "\n", "1:35"),
        ("a: " + "{b: " * 40 + "1" + "}" * 40 + "\n", "1:128"),
        ("a:\n  - " + "[" * 33 + "]" * 33 + "\n", "2:35"),
    ],
)
def test_deep_nesting_message_never_depends_on_the_yaml_library(
    monkeypatch: pytest.MonkeyPatch, text: str, where: str
) -> None:
    """The project's limit speaks first, whatever limit and words libyaml has."""
    monkeypatch.setattr(yaml_nodes, "_FAST_PARSER", _LibyamlWithALimitOfItsOwn)
    assert problems(text) == [f"s.yaml:{where}: {NESTING}"]


def test_texts_that_cannot_nest_deep_keep_the_fast_parser() -> None:
    fast = yaml_nodes._FAST_PARSER
    assert yaml_nodes._parser_for("a: [b, c]\n" * 1000) is fast
    assert yaml_nodes._parser_for("a: " + "[" * 32 + "]" * 32 + "\n") is fast
    assert yaml_nodes._parser_for("a: " + "[x] " * 33 + "\n") is yaml.SafeLoader


def test_entries_are_read_one_by_one_never_held_as_a_tree() -> None:
    companies = "".join(f"  c{n}:\n    name: x{n}\n" for n in range(5000))
    tracemalloc.start()
    store = parse_store(f"version: 1\ncompanies:\n{companies}".encode(), "s.yaml")
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(store.companies) == 5000
    # The node tree of every company at once would be 5 times what is kept; the index of
    # names that a clash of names is checked against adds under 1.
    assert peak < 4 * kept


def test_several_problems_are_all_reported_in_file_order() -> None:
    text = HEAD.replace("version: 1", "version: 1\ncolour: red") + EVENT.replace(
        "kind: capacity", "kind: rumour"
    ).replace("date: 2024-06-11", "date: 2024-13")
    assert [p.split(":")[1] for p in problems(text)] == ["2", "17", "19"]


def test_an_alias_must_name_one_company() -> None:
    text = HEAD.replace(
        "    name: OpenAI\n",
        "    name: OpenAI\n  oracle:\n    name: Oracle\n    aliases: [OCI, openai]\n",
    )
    assert problems(text + EVENT) == [
        "s.yaml:7:20: alias 'openai' of company 'oracle' also names 'openai' (its id 'openai' "
        "at line 3); a name must stand for one company, whatever its case: change one of them"
    ]


def test_company_options_resolve_by_the_same_rule_as_the_check() -> None:
    text = HEAD.replace(
        "    name: OpenAI\n", "    name: Straße  Labs\n    aliases: [\uff2f\uff21\uff29]\n"
    )
    store = parse_store((text + EVENT).encode(), "s.yaml")
    for spelled in ("STRASSE LABS", "strasse   labs", "oai", "OAI", "openai"):
        assert resolve_company(store, spelled).id == "openai"


def test_names_that_fold_to_one_are_refused_with_both_lines() -> None:
    """'Straße' and 'STRASSE' are one name under casefold, as `--company` compares them."""
    text = HEAD.replace(
        "    name: OpenAI\n",
        "    name: Straße\n  oracle:\n    name: Oracle\n    aliases: [OCI, STRASSE]\n"
        "  oracle-cloud:\n    name: \uff2f\uff23\uff29\n",  # OCI in full-width letters
    )
    assert problems(text + EVENT.replace("[openai]", "[oracle]")) == [
        "s.yaml:7:20: alias 'STRASSE' of company 'oracle' also names 'openai' (its name 'Straße' "
        "at line 4); a name must stand for one company, whatever its case: change one of them",
        "s.yaml:9:11: name '\uff2f\uff23\uff29' of company 'oracle-cloud' also names 'oracle' "
        "(its alias 'OCI' "
        "at line 7); a name must stand for one company, whatever its case: change one of them",
    ]


def test_files_that_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DealtimelineError) as missing:
        load_store(tmp_path / "nope.yaml")
    assert str(missing.value) == (
        f"{tmp_path / 'nope.yaml'}: no such file; check --store or DEALTIMELINE_STORE, or run "
        "'dealtimeline init' to make a store"
    )
    with pytest.raises(DealtimelineError) as folder:
        load_store(tmp_path)
    assert str(folder.value) == (
        f"{tmp_path}: this is a folder, not a store file; give the path of a .yaml file"
    )
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (2 * 1024 * 1024))
    monkeypatch.setenv("DEALTIMELINE_MAX_MB", "1")
    with pytest.raises(DealtimelineError) as too_big:
        load_store(big)
    assert str(too_big.value) == (
        f"{big}: the file is 2.0 MiB, over the 1 MiB limit; raise the limit with "
        "DEALTIMELINE_MAX_MB=<megabytes> if the file is right"
    )
