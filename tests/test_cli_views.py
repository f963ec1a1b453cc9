"""The key views at a fixed width (100 columns), on the fixture store, as a user sees them."""

from __future__ import annotations

import re

from tests.helpers import TINY, run


def view(*args: str) -> str:
    result = run("--store", str(TINY), *args)
    assert (result.code, result.stderr) == (0, "")
    return result.stdout


def test_list_is_a_timeline_grouped_by_year() -> None:
    assert (
        view("list")
        == """\
Date         Event                                                                 Amount
─────────────────────────────────────────────────────────────────────────────────────────
2019
2019-07-22   Microsoft invests $1B in OpenAI                                          $1B
             investment  Microsoft, OpenAI  ●1  invest-2019

2022
2022         Oracle said to join in 2022
             partnership  Oracle, OpenAI  disputed  ○1  oracle-claim-2022

2024
Oct 2024     A reported $10B Oracle deal                                            ~$10B
             capacity  Oracle, OpenAI, Microsoft  reported  ○1  oracle-deal-2024

2025
2025-01-21   Microsoft moves to a right of first refusal
             terms  Microsoft, OpenAI  ★1  rofr-2025
2025-09-10   OpenAI to buy $300B of Oracle computing from 2027                     ~$300B
             capacity  Oracle, OpenAI  reported  ○1  oracle-300b-2025
Oct 2025     Microsoft gives up its right of first refusal
             terms  Microsoft, OpenAI  ★1  no-rofr-2025
6 events   reported: anonymous sources (~ amount)   date? amount? happened?: a source disputes it
★ primary ● press ○ copy: the best source, then the number of publishers
"""
    )


def test_show_company_profile_terms_totals_and_events() -> None:
    assert (
        view("show", "--company", "oci")
        == """\
Oracle  also: OCI, ORCL
Cloud provider

Terms as of 2026-11-23
Term                         Value
──────────────────────────────────────────────────────────────────────────────
Oracle capacity for OpenAI   about $10B of capacity
                             since Oct 2024 · oracle-deal-2024 · reported · ○1

Announced, in effect later (1)
Oracle capacity for OpenAI
  4.5 GW from 2027
  from 2027, announced 2025-09-10  oracle-300b-2025

Totals as of 2026-11-23
3 events, 2022 to 2025-09-10
Amounts with no measure, not summed: oracle-deal-2024, oracle-300b-2025

Events
Date         Event                                                                 Amount
─────────────────────────────────────────────────────────────────────────────────────────
2022
2022         Oracle said to join in 2022
             partnership  Oracle, OpenAI  disputed  ○1  oracle-claim-2022

2024
Oct 2024     A reported $10B Oracle deal                                            ~$10B
             capacity  Oracle, OpenAI, Microsoft  reported  ○1  oracle-deal-2024

2025
2025-09-10   OpenAI to buy $300B of Oracle computing from 2027                     ~$300B
             capacity  Oracle, OpenAI  reported  ○1  oracle-300b-2025
"""
    )


def test_show_company_with_date_filters_and_terms_as_of_the_end() -> None:
    assert (
        view("show", "-c", "Oracle", "--until", "2024")
        == """\
Oracle  also: OCI, ORCL
Cloud provider

Terms as of 2024-12-31
Term                         Value
──────────────────────────────────────────────────────────────────────────────
Oracle capacity for OpenAI   about $10B of capacity
                             since Oct 2024 · oracle-deal-2024 · reported · ○1

Totals as of 2024-12-31
2 events, 2022 to Oct 2024
Amounts with no measure, not summed: oracle-deal-2024

Events
Date         Event                                                                 Amount
─────────────────────────────────────────────────────────────────────────────────────────
2022
2022         Oracle said to join in 2022
             partnership  Oracle, OpenAI  disputed  ○1  oracle-claim-2022

2024
Oct 2024     A reported $10B Oracle deal                                            ~$10B
             capacity  Oracle, OpenAI, Microsoft  reported  ○1  oracle-deal-2024
"""
    )


def test_show_event_with_changes_and_citations() -> None:
    assert (
        view("show", "rofr-2025")
        == """\
rofr-2025
Microsoft moves to a right of first refusal

Date       2025-01-21
Kind       terms
Companies  Microsoft, OpenAI
Status     official
Sourcing   ★1  best primary · 1 publisher · score 3

Changes
Microsoft's hold on OpenAI's cloud  exclusive → right of first refusal

Sources (1)
1. Microsoft · 2025-01-21 · primary · blog-2025
   A new chapter
   https://example.com/blog
   “moving to a model where Microsoft has a right of first refusal”
"""
    )


def test_show_event_sets_the_disputing_quotes_apart() -> None:
    assert (
        view("show", "oracle-claim-2022")
        == """\
oracle-claim-2022  disputed
Oracle said to join in 2022

Date       2022
Kind       partnership
Companies  Oracle, OpenAI
Status     official
Disputed   unspecified aspect (in doubt)
Sourcing   ○1  best copy · 1 publisher · score 1

Sources (1)
1. The Wire · Oct 2024 · copy · rumour-2024
   People familiar say
   “Oracle joined in 2022”

Disputed by (1)
2. The Paper · 2019-07-22 · press · paper-2019
   Microsoft invests in OpenAI
   https://example.com/2019
   “OpenAI relied fully on Microsoft”
   disputed: The Paper
"""
    )


def test_show_event_with_an_amount_and_a_later_effective_date() -> None:
    assert (
        view("show", "oracle-300b-2025")
        == """\
oracle-300b-2025  reported
OpenAI to buy $300B of Oracle computing from 2027

Date       2025-09-10
Kind       capacity
Companies  Oracle, OpenAI
Status     reported
Sourcing   ○1  best copy · 1 publisher · score 1
Amount     ~$300B  over about five years

Changes
Oracle capacity for OpenAI  about $10B of capacity → 4.5 GW from 2027  (in effect from 2027)

Sources (1)
1. The Wire · Oct 2024 · copy · rumour-2024
   People familiar say
   “purchase $300 billion in computing power”
"""
    )


def test_diff_reads_like_a_briefing() -> None:
    assert (
        view("diff", "2024", "2025")
        == """\
From the end of 2024 (2024-12-31) to the end of 2025 (2025-12-31)
0 changed, 0 added, 1 ended, 1 held; 3 events in between

Ended (1)
Microsoft's hold on OpenAI's cloud
  exclusive → (none)
  by Oct 2025  no-rofr-2025 · ★1
  via right of first refusal (2025-01-21, rofr-2025)

Announced, in effect later (1)
Oracle capacity for OpenAI
  4.5 GW from 2027
  from 2027, announced 2025-09-10  oracle-300b-2025

Events in between (3)
Date         Event                                                      Amount
──────────────────────────────────────────────────────────────────────────────
2025
2025-01-21   Microsoft moves to a right of first refusal
             terms  Microsoft, OpenAI  ★1  rofr-2025
2025-09-10   OpenAI to buy $300B of Oracle computing from 2027          ~$300B
             capacity  Oracle, OpenAI  reported  ○1  oracle-300b-2025
Oct 2025     Microsoft gives up its right of first refusal
             terms  Microsoft, OpenAI  ★1  no-rofr-2025
"""
    )


def test_diff_backwards_is_the_reverse() -> None:
    assert (
        view("diff", "2025", "2024", "--unchanged")
        == """\
Back from the end of 2025 (2025-12-31) to the end of 2024 (2024-12-31)
0 changed, 1 added, 0 ended, 1 held; 3 events in between

Added (1)
Microsoft's hold on OpenAI's cloud
  (none) → exclusive
  undoing Oct 2025  no-rofr-2025 · ★1

Held (1)
Oracle capacity for OpenAI
  about $10B of capacity

Events in between (3)
Date         Event                                                      Amount
──────────────────────────────────────────────────────────────────────────────
2025
Oct 2025     Microsoft gives up its right of first refusal
             terms  Microsoft, OpenAI  ★1  no-rofr-2025
2025-09-10   OpenAI to buy $300B of Oracle computing from 2027          ~$300B
             capacity  Oracle, OpenAI  reported  ○1  oracle-300b-2025
2025-01-21   Microsoft moves to a right of first refusal
             terms  Microsoft, OpenAI  ★1  rofr-2025
"""
    )


def test_diff_marks_a_change_whose_date_straddles_the_end_as_approximate() -> None:
    assert view("diff", "2025-09", "2025-10-15").splitlines()[:7] == [
        "From the end of Sep 2025 (2025-09-30) to 2025-10-15",
        "0 changed, 0 added, 1 ended, 1 held; 1 event in between",
        "",
        "Ended (1)",
        "Microsoft's hold on OpenAI's cloud",
        "  right of first refusal → (none)  ≈ approximate",
        "  by Oct 2025  no-rofr-2025 · ★1",
    ]


def test_state_as_of_a_month() -> None:
    assert (
        view("state", "--as-of", "2025-06")
        == """\
The state of the deals on 2025-06-30
2 of 2 terms hold a value
Term                                 Value
──────────────────────────────────────────────────────────────────────────────────────
Microsoft's hold on OpenAI's cloud   right of first refusal
                                     since 2025-01-21 · rofr-2025 · ★1
Oracle capacity for OpenAI           about $10B of capacity
                                     since Oct 2024 · oracle-deal-2024 · reported · ○1
"""
    )


def test_state_before_anything_and_after_an_end() -> None:
    assert view("state", "--as-of", "2018").splitlines()[1:] == [
        "0 of 2 terms hold a value",
        "Term                                 Value",
        "─" * 47,
        "Microsoft's hold on OpenAI's cloud   (none yet)",
        "Oracle capacity for OpenAI           (none yet)",
    ]
    assert view("state").splitlines()[1:6] == [
        "1 of 2 terms hold a value",
        "Term                                 Value",
        "─" * 86,
        "Microsoft's hold on OpenAI's cloud   (ended)",
        "                                     since Oct 2025 · no-rofr-2025 · ★1",
    ]


def test_companies_and_sources() -> None:
    assert (
        view("companies")
        == """\
Company     Id          Aliases       Events   First        Last
──────────────────────────────────────────────────────────────────────
Microsoft   microsoft   MSFT, Azure        4   2019-07-22   Oct 2025
OpenAI      openai                         6   2019-07-22   Oct 2025
Oracle      oracle      OCI, ORCL          3   2022         2025-09-10
"""
    )
    assert (
        view("sources")
        == """\
Publisher   Date         Grade     Title and id                  Cited
──────────────────────────────────────────────────────────────────────
The Paper   2019-07-22   press     Microsoft invests in OpenAI       2
                                   paper-2019
Microsoft   2025-01-21   primary   A new chapter                     2
                                   blog-2025
The Wire    Oct 2024     copy      People familiar say               3
                                   rumour-2024
"""
    )


def test_show_event_orders_citations_by_grade() -> None:
    from dealtimeline.store.locate import bundled_store
    from dealtimeline.store.reader import load_store

    rank = {"primary": 0, "press": 1, "copy": 2}
    store = load_store(bundled_store())
    mixed = 0
    for event in store.events:
        output = run("show", event.id).stdout
        sections = re.split(r"Disputed by \(|Context \(", output)
        for section in sections:
            grades = [
                line.split(" · ")[2]
                for line in section.splitlines()
                if line[:1].isdigit() and line.count(" · ") >= 3
            ]
            assert grades == sorted(grades, key=rank.__getitem__), event.id
            mixed += len(set(grades)) > 1
    assert mixed >= 10


def test_show_says_where_a_source_without_an_address_is_kept() -> None:
    lines = run("show", "openai-oci-statement-2024").stdout.splitlines()
    kept = "   no web address; a local copy: 000_93fb2e3babe0ee06.txt (validate --archive DIR)"
    at = lines.index(kept)
    assert lines[at - 3] == "2. The Verge · 2024-06-12 · copy · verge-2024-06-12"
    assert lines[at + 1] == "   “our strategic cloud relationship with Microsoft is unchanged”"
