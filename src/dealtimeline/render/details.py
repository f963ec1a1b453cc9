"""The views of one thing in full: an event, a company, the state on a day, a diff.

Renderers only lay out what the core computed; they never decide what is true.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.sourcing import event_audit, evidence, mark
from dealtimeline.core.values import (
    amount_terms,
    amount_text,
    capacity_text,
    plural,
    term_value,
)
from dealtimeline.render.style import (
    GRADE_STYLES,
    HEADING,
    MUTED,
    Stack,
    address,
    company_tags,
    doubt_style,
    fields,
    heading,
    indented,
    lens_suffix,
    marks,
    text,
)
from dealtimeline.render.timeline import Timeline
from dealtimeline.serialize.doubt import ASPECT_NAMES, aspect_marks, dispute_line, role_line
from dealtimeline.serialize.voice import speaker_words

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.aggregates import CompanyProfile, Totals
    from dealtimeline.core.dates import PartialDate
    from dealtimeline.core.model import Citation, Event, Store
    from dealtimeline.core.state import Diff, Setting, TermDiff


def event_detail(
    store: Store,
    event: Event,
    before: Sequence[Setting | None],
    colour: bool,
    run_on: bool = True,
) -> list[RenderableType]:
    """One event in full: its fields, its changes (before and after), every citation;
    with colour, each address a hyperlink; with `run_on`, never wrapped."""
    parts: list[RenderableType] = [
        Text.assemble(text(event.id, MUTED), marks(event)),
        text(one_line(event.title), "bold"),
        Text(),
    ]
    rows: list[tuple[str, Text | str]] = [
        ("Date", event.date.display),
        ("Kind", event.kind),
        ("Companies", company_tags(store, event.companies, colour)),
        ("Status", event.status),
        *([("Disputed", _disputed(event))] if event.disputed else []),
        ("Sourcing", _sourcing(store, event)),
    ]
    if event.amount is not None:
        amount = text(amount_text(event.amount, event.reported))
        terms = amount_terms(store, event.amount)
        if terms:
            amount.append_text(text(f"  {terms}"))
        if event.amount.note:
            amount.append(f"  {visible(event.amount.note)}", style=MUTED)
        rows.append(("Amount", amount))
    if event.capacity is not None:
        rows.append(("Capacity", capacity_text(event.capacity)))
    if event.deal is not None:
        supersedes = ", ".join(event.supersedes)
        rows.append(("Deal", event.deal + (f" (supersedes {supersedes})" if supersedes else "")))
    parts.append(fields(rows))
    if event.summary:
        parts += [Text(), text(one_line(event.summary))]
    if event.changes:
        parts += [Text(), heading("Changes")]
        changes = fields(
            (
                visible(store.terms[change.term].label),
                _change_line(
                    term_value(previous.value if previous else None),
                    change.value,
                    change.effective.display if change.effective else None,
                    change.since.display if change.since else None,
                ),
            )
            for change, previous in zip(event.changes, before, strict=True)
        )
        parts.append(changes)
    parts += _evidence(store, event, lambda url: address(url, colour, run_on))
    return parts


def _evidence(
    store: Store, event: Event, links: Callable[[str], RenderableType]
) -> list[RenderableType]:
    """The supporting citations, then the disputing ones, each dispute said in words,
    then those that only give context: numbered in one run, the numbers `open` takes."""
    found = evidence(store, event)
    parts: list[RenderableType] = [Text(), heading(f"Sources ({len(found.supporting)})")]
    parts += _citations(store, found.supporting, links)
    number = len(found.supporting) + 1
    if found.disputing:
        heading_ = Text(f"Disputed by ({len(found.disputing)})", style="bold red underline")
        parts += [Text(), heading_]
        parts += _citations(store, found.disputing, links, event, number)
        number += len(found.disputing)
    if found.context:
        parts += [Text(), heading(f"Context ({len(found.context)})")]
        parts += _citations(store, found.context, links, first=number)
    return parts


def _sourcing(store: Store, event: Event) -> Text:
    sourcing = event_audit(store, event)
    best = sourcing.best or "no supporting source"
    publishers = len(sourcing.publishers)
    line = Text(mark(sourcing), style=GRADE_STYLES[sourcing.best])
    line.append(f"  best {best} · {plural(publishers, 'publisher')}")
    line.append(f" · score {sourcing.score}", style=MUTED)
    return line


def _disputed(event: Event) -> Text:
    """`date (not in doubt)`, `happened, date (in doubt)`: the aspects in words."""
    words = ", ".join(ASPECT_NAMES.get(aspect, aspect) for aspect in event.aspects)
    doubt = "in doubt" if event.in_doubt else "not in doubt"
    return Text(f"{words} ({doubt})", style=doubt_style(event))


def _change_line(before: str, after: str | None, effective: str | None, since: str | None) -> Text:
    line = text(before, MUTED)
    line.append(" → ")
    line.append_text(text(term_value(after), "bold"))
    if since:
        line.append(f"  (since {since})", style=MUTED)
    if effective:
        line.append(f"  (in effect from {effective})", style=MUTED)
    return line


def _citations(
    store: Store,
    citations: Sequence[Citation],
    links: Callable[[str], RenderableType],
    disputed: Event | None = None,
    first: int = 1,
) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for number, citation in enumerate(citations, first):
        source = store.sources[citation.source]
        head = Text(f"{number}. ")
        head.append_text(text(one_line(source.publisher), "bold"))
        head.append(f" · {source.published.display} · {source.grade}", style=MUTED)
        head.append(f" · {visible(source.id)}", style=MUTED)
        lines: list[RenderableType] = [head, indented(text(one_line(source.title), "italic"), 3)]
        if source.url:
            lines.append(links(source.url))
        if source.archived:
            lines.append(indented(text(f"archived: {source.archived}", MUTED), 3))
        elif source.archive and not source.url:  # no address: say where its words are kept
            kept = f"no web address; a local copy: {source.archive} (validate --archive DIR)"
            lines.append(indented(text(kept, MUTED), 3))
        lines.append(indented(text(f"“{one_line(citation.quote)}”"), 3))
        if (words := speaker_words(store, citation)) is not None:
            lines.append(indented(text(f"— {words}", MUTED), 3))
        if disputed is not None:
            style = doubt_style(disputed)
            lines.append(
                indented(text(one_line(dispute_line(store, disputed, citation)), style), 3)
            )
        elif citation.role != "supports":
            lines.append(indented(text(one_line(role_line(store, citation)), MUTED), 3))
        parts.append(Stack(*lines))
    return parts


def totals_text(value: Totals) -> Text:
    span = ""
    if value.first and value.last:
        span = f", {value.first.display} to {value.last.display}"
    return Text(plural(value.events, "event") + span)


def _setting_cell(store: Store, setting: Setting | None, at: date) -> Text:
    """The value in bold, and under it since when, the event that set it and its doubt:
    reported, the aspects disputed, its sourcing."""
    if setting is None:
        return Text("(none yet)", style=MUTED)
    cell = text(setting.value, "bold") if setting.value else Text("(ended)", style=MUTED)
    cell.append(f"\nsince {setting.holds_from.display}", style=MUTED)
    if setting.approximate_at(at):
        cell.append(" ≈ approximate", style="yellow")
    cell.append(f" · {visible(setting.event.id)}", style=MUTED)
    cell.append_text(value_marks(store, setting.event))
    return cell


def value_marks(store: Store, event: Event) -> Text:
    """The doubt on a value, from the event behind it: `reported`, `date?`, `●2`."""
    found = Text()
    if event.reported:
        found.append(" · reported", style="yellow")
    for shown in aspect_marks(event):
        found.append(f" · {shown}", style=doubt_style(event))
    sourcing = event_audit(store, event)
    found.append(f" · {mark(sourcing)}", style=GRADE_STYLES[sourcing.best])
    return found


def terms_table(store: Store, rows: Sequence[tuple[str, Setting | None]], at: date) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Term", overflow="fold", ratio=2)
    table.add_column("Value", overflow="fold", ratio=3)
    for label, setting in rows:
        table.add_row(text(label), _setting_cell(store, setting, at))
    return table


def company_profile(store: Store, profile: CompanyProfile, colour: bool) -> list[RenderableType]:
    company = profile.company
    title = company_tags(store, (company.id,), colour)
    if company.aliases:
        title.append("  also: " + ", ".join(one_line(a) for a in company.aliases), style=MUTED)
    parts: list[RenderableType] = [title]
    if company.description:
        parts.append(text(one_line(company.description)))
    as_of = profile.as_of.isoformat()
    parts += [Text(), heading(f"Terms as of {as_of}{lens_suffix(store)}")]
    if profile.terms:
        parts.append(
            terms_table(
                store, [(term.label, setting) for term, setting in profile.terms], profile.as_of
            )
        )
    else:
        parts.append(Text("(party to no term)", style=MUTED))
    parts += upcoming_view(store, profile.upcoming)
    from dealtimeline.render.money import company_money

    parts += [
        Text(),
        heading(f"Totals as of {as_of}{lens_suffix(store)}"),
        totals_text(profile.totals),
    ]
    parts += [*company_money(store, profile.money), Text()]
    parts += [heading("Events"), Timeline(store, profile.events, colour)]
    return parts


def _end_of(when: PartialDate) -> str:
    """`2024-06-30` for a day; `the end of Jun 2024 (2024-06-30)` for a longer period."""
    if when.precision == "day":
        return when.display
    return f"the end of {when.display} ({when.end.isoformat()})"


def diff_view(store: Store, result: Diff, unchanged: bool, colour: bool) -> list[RenderableType]:
    start, end = result.start, result.end
    direction = "Back from" if result.backwards else "From"
    parts: list[RenderableType] = [
        Text(
            f"{direction} {_end_of(start)} to {_end_of(end)}"
            + (", as the public learned it" if result.known else "")
            + lens_suffix(store),
            style=HEADING,
        )
    ]
    counts = {s: len(result.with_status(s)) for s in ("changed", "added", "ended", "unchanged")}
    summary = (
        f"{counts['changed']} changed, {counts['added']} added, {counts['ended']} ended, "
        f"{counts['unchanged']} held; {plural(len(result.events), 'event')} in between"
    )
    parts.append(Text(summary))
    sections = [("Changed", "changed"), ("Added", "added"), ("Ended", "ended")]
    if unchanged:
        sections.append(("Held", "unchanged"))
    for title, status in sections:
        entries = result.with_status(status)  # type: ignore[arg-type]
        if not entries:
            continue
        parts += [Text(), heading(f"{title} ({len(entries)})")]
        for entry in entries:
            parts.append(_term_diff(store, result, entry))
    parts += upcoming_view(store, result.upcoming)
    parts += [Text(), heading(f"Events in between ({len(result.events)})")]
    if result.events:
        parts.append(Timeline(store, result.events, colour))
    else:
        parts.append(Text("(none)", style=MUTED))
    return parts


def _added_words(entry: TermDiff) -> str:
    """How a value came: `began` when the store dates its start in the period, `first
    recorded` when it only records it then, `by` for a change."""
    if entry.status != "added":
        return "by "
    return "began " if entry.began else "first recorded "


def _term_diff(store: Store, result: Diff, entry: TermDiff) -> RenderableType:
    lines: list[RenderableType] = [text(one_line(entry.term.label), "bold")]
    values = Text()
    if entry.status == "unchanged":
        values.append_text(text(term_value(entry.after_value)))
    else:
        values.append_text(text(term_value(entry.before_value), MUTED))
        values.append(" → ")
        values.append_text(text(term_value(entry.after_value), "bold"))
    if entry.approximate:
        values.append("  ≈ approximate", style="yellow")
    lines.append(indented(values))
    if entry.cause is not None:
        cause = Text("undoing " if result.backwards else _added_words(entry), style=MUTED)
        cause.append(entry.cause.holds_from.display)
        cause.append(f"  {visible(entry.cause.event.id)}", style=MUTED)
        cause.append_text(value_marks(store, entry.cause.event))
        lines.append(indented(cause))
        earlier = result.via(entry)
        if earlier:
            via = Text("via ", style=MUTED)
            for index, step in enumerate(earlier):
                if index:
                    via.append("; ", style=MUTED)
                via.append_text(text(term_value(step.value)))
                via.append(f" ({step.effective.display}, {visible(step.event.id)})", style=MUTED)
            lines.append(indented(via))
    return Stack(*lines)


def upcoming_view(store: Store, settings: Sequence[Setting]) -> list[RenderableType]:
    """Changes already announced that take effect later."""
    if not settings:
        return []
    parts: list[RenderableType] = [
        Text(),
        heading(f"Announced, in effect later ({len(settings)})"),
    ]
    for setting in settings:
        when = Text(f"from {setting.effective.display}", style="yellow")
        when.append(f", announced {setting.event.date.display}", style=MUTED)
        when.append(f"  {visible(setting.event.id)}", style=MUTED)
        parts.append(
            Stack(
                text(one_line(store.terms[setting.term].label), "bold"),
                indented(text(term_value(setting.value))),
                indented(when),
            )
        )
    return parts


def state_view(
    store: Store,
    rows: Sequence[tuple[str, Setting | None]],
    later: Sequence[Setting],
    at: date,
) -> list[RenderableType]:
    held = sum(1 for _, setting in rows if setting is not None and setting.value is not None)
    return [
        Text(f"The state of the deals on {at.isoformat()}{lens_suffix(store)}", style=HEADING),
        Text(f"{held} of {len(rows)} terms hold a value"),
        terms_table(store, rows, at),
        *upcoming_view(store, later),
    ]
