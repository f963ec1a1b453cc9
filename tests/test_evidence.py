"""What a dispute disputes, what was known when, when a value began: the refusals with
their FILE:LINE:COLUMN, and the rules on data (the bundled store and small stores)."""

from __future__ import annotations

import json
from datetime import date

from dealtimeline.core.dates import PartialDate
from dealtimeline.core.evidence import as_known_on, confirmed_only, known_date
from dealtimeline.core.history import term_history
from dealtimeline.core.state import diff, known_diff, state_at
from dealtimeline.store.locate import bundled_store
from dealtimeline.store.reader import load_store, parse_store
from tests.helpers import DATA, run
from tests.test_loader import EVENT, HEAD, event_with, problems

# The second citation stands on lines 23-24; its extra fields start on line 25, column 9.
DISPUTING = '        quote: "words"\n      - source: s1\n        quote: "other words"\n'


def cited(extra: str) -> str:
    return event_with('        quote: "words"\n', DISPUTING + extra)


def test_an_unknown_aspect_is_refused_with_a_suggestion() -> None:
    assert problems(cited("        disputes: dates\n")) == [
        "s.yaml:25:19: unknown aspect 'dates' in 'disputes'; did you mean 'date'? one of: "
        "date, amount, parties, terms, occurred (or true)"
    ]


def test_an_unknown_aspect_in_a_list_is_refused_where_it_stands() -> None:
    assert problems(cited("        disputes: [date, ocurred]\n")) == [
        "s.yaml:25:26: unknown aspect 'ocurred' in 'disputes'; did you mean 'occurred'? "
        "one of: date, amount, parties, terms, occurred (or true)"
    ]


def test_a_claim_of_the_wrong_type_for_its_aspect_is_refused() -> None:
    assert problems(cited("        disputes: date\n        claims: yesterday\n")) == [
        "s.yaml:26:17: 'yesterday' is not a claim about the date; for 'disputes: date', "
        "'claims' is a date such as 2025-11-02"
    ]
    assert problems(cited("        disputes: amount\n        claims: 2025-11-02\n")) == [
        "s.yaml:26:17: '2025-11-02' is not a claim about the amount; for 'disputes: amount', "
        "'claims' is a number such as 41000000000"
    ]
    assert problems(cited("        disputes: occurred\n        claims: maybe\n")) == [
        "s.yaml:26:17: 'maybe' is not a claim about the occurred; for 'disputes: occurred', "
        "'claims' is true or false"
    ]


def test_a_claim_needs_one_named_aspect() -> None:
    assert problems(cited("        disputes: true\n        claims: 2024\n")) == [
        "s.yaml:26:17: 'claims' needs a dispute of exactly one aspect; write 'disputes: "
        "date' (or amount, ...) with it, or remove 'claims'"
    ]


def test_a_role_and_a_dispute_together_are_refused() -> None:
    assert problems(cited("        role: context\n        disputes: date\n")) == [
        "s.yaml:25:15: a citation with 'role: context' cannot also dispute its event; keep "
        "'disputes' for evidence against the event, or the role, not both"
    ]


def test_since_after_the_event_is_refused() -> None:
    text = event_with("", "") + "    changes:\n      - term: t1\n        value: v\n"
    assert parse_store(text.encode(), "s.yaml").events[0].changes[0].since is None
    late = text + "        since: 2024-06-12\n"
    assert problems(late) == [
        "s.yaml:26:16: 'since: 2024-06-12' is after the event's date (2024-06-11); since is "
        "when the value began to hold, before the event recorded it; for a value that takes "
        "hold later, write 'effective:'"
    ]
    store = parse_store((text + "        since: 2020-09-22\n").encode(), "s.yaml")
    assert store.events[0].changes[0].since == PartialDate.of(2020, 9, 22)


def test_announced_after_every_source_is_refused() -> None:
    assert problems(event_with("    title:", "    announced: 2024-07\n    title:")) == [
        "s.yaml:17:16: 'announced: 2024-07' is after every source was published (the latest: "
        "2024-06-12); an event is known no later than its sources: correct the date, or "
        "leave 'announced' out"
    ]
    store = parse_store(
        event_with("    title:", "    announced: 2024-06-11\n    title:").encode(), "s.yaml"
    )
    assert known_date(store, store.events[0]) == PartialDate.of(2024, 6, 11)


def test_the_old_disputes_true_still_loads_as_unspecified() -> None:
    store = parse_store(cited("        disputes: true\n").encode(), "s.yaml")
    event = store.events[0]
    assert event.aspects == ("unspecified",)
    assert event.disputed and event.in_doubt and not event.confirmed
    assert parse_store((HEAD + EVENT).encode(), "s.yaml").events[0].confirmed


# --- the bundled store ------------------------------------------------------------------

STORE = load_store(bundled_store())


def test_the_bundled_disputes_by_aspect() -> None:
    found = {e.id: e.aspects for e in STORE.events if e.disputed}
    assert found == {"oci-universal-credits-2026": ("date",)}
    credits = STORE.event("oci-universal-credits-2026")
    assert credits is not None and not credits.in_doubt  # a date quibble only
    aws = STORE.event("aws-38b-2025")
    assert aws is not None and not aws.disputed  # Amazon's own post dates it 2025-11-03
    softbank = STORE.event("softbank-completion-2025")
    assert softbank is not None and not softbank.disputed
    assert [c.role for c in softbank.citations] == ["supports"] * 5 + ["other-basis"]


def test_what_was_known_on_2025_01_20_has_no_right_of_first_refusal() -> None:
    known = as_known_on(STORE, date(2025, 1, 20))
    ids = {e.id for e in known.events}
    assert "msft-rofr-2025" not in ids
    assert "oracle-oci-azure-2024" in ids
    heise = [c for e in known.events for c in e.citations if c.source == "heise-2025-01-22"]
    assert heise == []
    cited_later = {c.source for e in known.events for c in e.citations}
    assert "entrepreneur-2024-08-01" in cited_later
    assert "villpress-2025" not in cited_later
    coreweave = STORE.event("coreweave-11-9b-2025")
    assert coreweave is not None  # signed 2025-03-07, public from the press of 2025-03-11
    assert known_date(STORE, coreweave) == PartialDate.of(2025, 3, 11)


def test_list_known_at_leaves_out_what_was_not_yet_published() -> None:
    out = run("list", "--company", "oracle", "--known-at", "2025-01-20").stdout
    assert "stargate-abilene-2025" not in out
    assert "msft-bing-on-oci-2023" in out


def test_show_says_which_lens_leaves_an_event_out() -> None:
    early = run("show", "coreweave-11-9b-2025", "--known-at", "2025-03-10")
    assert (early.code, early.stdout) == (2, "")
    assert early.stderr == (
        "Error: event 'coreweave-11-9b-2025' was not yet public on 2025-03-10\n"
        "It was first published on 2025-03-11: try --known-at 2025-03-11 or later.\n"
    )
    assert run("show", "coreweave-11-9b-2025", "--known-at", "2025-03-11").code == 0
    reported = run("show", "msft-10b-report-2023", "--confirmed")
    assert (reported.code, reported.stderr) == (
        2,
        "Error: event 'msft-10b-report-2023' is not confirmed: it is reported, not official\n"
        "Leave --confirmed out to see it.\n",
    )
    disputed = run("show", "oci-universal-credits-2026", "--confirmed").stderr
    assert disputed.startswith(
        "Error: event 'oci-universal-credits-2026' is not confirmed: a source disputes it\n"
    )
    unknown = run("show", "no-such-event", "--known-at", "2025-03-10")
    assert (unknown.code, unknown.stderr.splitlines()[0]) == (2, "Error: no event 'no-such-event'")


def test_confirmed_keeps_official_undisputed_events() -> None:
    confirmed = confirmed_only(STORE)
    assert all(e.status == "official" and not e.disputed for e in confirmed.events)
    assert "oci-universal-credits-2026" not in {e.id for e in confirmed.events}
    state = state_at(confirmed, date(2026, 7, 1))
    assert state["model-distribution"].event.id == "bedrock-preview-2026"


def test_since_moves_a_value_start_and_a_diff_says_began_or_first_recorded() -> None:
    result = diff(STORE, PartialDate.of(2024), PartialDate.of(2025))
    added = {t.term.id: t.began for t in result.with_status("added")}
    assert added["azure-commitment"] is False  # first recorded in 2025, no since
    assert added["aws-relationship"] is True  # began 2025-11-03
    assert "revenue-share" not in added  # in force in 2024 already (since: 2024)


def test_diff_known_compares_what_was_public_on_two_days() -> None:
    result = known_diff(STORE, PartialDate.of(2024, 12), PartialDate.of(2025, 1))
    assert result.known
    assert [e.id for e in result.events] == [
        "msft-rofr-2025",
        "msft-openai-terms-kept-2025",
        "azure-commitment-2025",
        "stargate-2025",
        "stargate-abilene-2025",
    ]


def test_a_term_history_in_order() -> None:
    history = term_history(STORE, STORE.terms["oracle-capacity"])
    assert [s.event.id for s in history] == [
        "oracle-oci-azure-2024",
        "oracle-10b-report-2024",
        "stargate-abilene-2025",
        "oracle-4-5gw-2025",
        "oracle-300b-report-2025",
        "oracle-300b-openai-framing-2025",
    ]


def test_disputed_takes_an_optional_aspect() -> None:
    every = run("list", "--disputed", "--format", "csv").stdout.splitlines()
    dates = run("list", "--disputed", "date", "--format", "csv").stdout.splitlines()
    happened = run("list", "--disputed", "occurred", "--format", "csv").stdout.splitlines()
    assert [len(every), len(dates), len(happened)] == [2, 2, 1]  # a header, then rows
    wrong = run("list", "--disputed", "dat")
    assert wrong.stderr == (
        "Error: unknown aspect 'dat' (--disputed)\n"
        "did you mean 'date'? One of: date, amount, parties, terms, occurred\n"
    )


def test_context_is_no_support_and_another_basis_is() -> None:
    from dealtimeline.core.sourcing import event_audit

    statement = STORE.event("openai-oci-statement-2024")
    softbank = STORE.event("softbank-completion-2025")
    assert statement is not None and softbank is not None
    assert len(event_audit(STORE, statement).publishers) == 2  # Ellison's words: context
    assert len(event_audit(STORE, softbank).publishers) == 4  # Social Samosa: another basis


DOUBT = DATA / "doubt.yaml"


def test_show_says_what_is_disputed_and_since_when_a_value_held() -> None:
    result = run("--store", str(DOUBT), "show", "sign-2024", "--no-color")
    assert result.stdout.splitlines()[:14] == [
        "sign-2024  date?",
        "CloudCo and OpenAI sign a $10B deal",
        "",
        "Date       2024-03-01",
        "Kind       capacity",
        "Companies  CloudCo, OpenAI",
        "Status     official",
        "Disputed   date (not in doubt)",
        "Sourcing   ●2  best press · 2 publishers · score 3",
        "Amount     $10B",
        "",
        "Changes",
        "CloudCo capacity for OpenAI           (none) → 1 GW",
        "CloudCo's licence to OpenAI's models  (none) → exclusive  (since 2020-09-22)",
    ]
    doubted = run("--store", str(DOUBT), "show", "expand-2024", "--no-color")
    assert doubted.stdout.splitlines()[7] == "Disputed   happened (in doubt)"
    markdown = run("--store", str(DOUBT), "show", "sign-2024", "-f", "markdown").stdout
    assert "| disputed | date |\n| in doubt | no |\n" in markdown
    assert (
        "| CloudCo's licence to OpenAI's models | (none) | exclusive |  | 2020-09-22 |" in markdown
    )


def test_the_exclusive_licence_holds_from_2020_09_22_in_the_bundled_store() -> None:
    state = run("state", "--as-of", "2021", "--no-color").stdout.splitlines()
    at = next(i for i, line in enumerate(state) if line.startswith("Microsoft's rights"))
    assert [line.split("  ")[-1].strip() for line in state[at : at + 3]] == [
        "exclusive right to commercially license",
        "since 2020-09-22 · gpt3-exclusive-licence-2020 ·",
        "●3",
    ]
    diff_lines = run("diff", "2023", "2024", "--no-color").stdout.splitlines()
    assert diff_lines[1] == "3 changed, 4 added, 0 ended, 4 held; 7 events in between"
    assert not any(line.startswith("Microsoft's rights") for line in diff_lines)
    known = run("list", "--known-at", "2024-06-11", "--no-color").stdout
    assert "msft-stake-49pct-2024" not in known  # still known from June 2024, not 2020


def test_diff_known_on_the_command_line_lists_what_the_public_learned() -> None:
    result = run("--store", str(DOUBT), "diff", "2025-01", "2025-02", "--known", "--no-color")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == (
        "From the end of Jan 2025 (2025-01-31) to the end of Feb 2025 (2025-02-28), as the "
        "public learned it\n"
        "1 changed, 0 added, 0 ended, 1 held; 1 event in between\n"
        "\n"
        "Changed (1)\n"
        "CloudCo capacity for OpenAI\n"
        "  1 GW → 3 GW\n"
        "  by 2024-12-15  expand-2024 · happened? · ★1\n"
        "\n"
        "Events in between (1)\n"
        "Date         Event                                                   Amount\n"
        "───────────────────────────────────────────────────────────────────────────\n"
        "2024\n"
        "2024-12-15   CloudCo adds 2 GW for OpenAI\n"
        "             capacity  CloudCo, OpenAI  happened?  ★1  expand-2024\n"
    )
    dated = run("--store", str(DOUBT), "diff", "2025-01", "2025-02", "--no-color")
    assert (
        dated.stdout.splitlines()[1] == "0 changed, 0 added, 0 ended, 2 held; 0 events in between"
    )


def test_history_of_an_unknown_term_suggests_one() -> None:
    result = run("--store", str(DOUBT), "history", "capacty")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "Error: no term 'capacty'\nDid you mean: capacity?\n"


def test_show_and_deals_say_the_lens_they_are_read_through() -> None:
    shown = run("show", "coreweave-11-9b-2025", "--known-at", "2025-06-01")
    assert shown.stdout.splitlines()[:2] == ["As known on 2025-06-01", "coreweave-11-9b-2025"]
    data = json.loads(run("show", "coreweave-11-9b-2025", "--confirmed", "-f", "json").stdout)
    assert (data["known_at"], data["confirmed"]) == (None, True)
    deal = run("show", "--deal", "stargate", "--known-at", "2025-03").stdout
    assert deal.splitlines()[:2] == ["As known on 2025-03-31", "stargate"]
    early = run("deals", "--known-at", "2024-01-01", "-f", "json")
    assert [d["id"] for d in json.loads(early.stdout)["deals"]] == ["msft-investment"]
    assert run("deals", "--known-at", "2024-01-01").stdout.startswith("As known on 2024-01-01\n")
    confirmed = json.loads(run("deals", "--confirmed", "-f", "json").stdout)["deals"]
    assert {d["status"] for d in confirmed} == {"official"}


def test_show_deal_says_when_the_lens_leaves_it_no_event() -> None:
    before = run("show", "--deal", "stargate", "--known-at", "1990")
    assert (before.code, before.stdout, before.stderr) == (
        2,
        "",
        "Error: deal 'stargate' has no event public on 1990-12-31\n"
        "Give a later --known-at, or leave it out.\n",
    )
    unconfirmed = run("show", "--deal", "msft-revenue-share", "--confirmed")
    assert (unconfirmed.code, unconfirmed.stderr) == (
        2,
        "Error: deal 'msft-revenue-share' has no confirmed event\n"
        "Leave --confirmed out to see its reported or disputed events.\n",
    )


def test_show_company_heads_its_terms_and_totals_with_the_lens() -> None:
    out = run("show", "--company", "oracle", "--known-at", "2025-01-01").stdout.splitlines()
    assert [line for line in out if " as of " in line] == [
        "Terms as of 2026-11-23, as known on 2025-01-01",
        "Totals as of 2026-11-23, as known on 2025-01-01",
    ]
