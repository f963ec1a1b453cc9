"""Rich renderables for the audit. Every store string passes through `render.text` or
`visible` first; the audit module decided what is true, this one only lays it out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dealtimeline.core.audit import Audit, Conflict
from dealtimeline.core.model import Event, Store
from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.sourcing import EventAudit
from dealtimeline.core.values import plural
from dealtimeline.render.style import HEADING, MUTED, indented, marks, text


def _section(title: str, count: int) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(), Text(f"{title} ({count})", style="bold underline")]
    if not count:
        parts.append(Text("(none)", style=MUTED))
    return parts


def _event_cell(entry: EventAudit) -> Text:
    """The id and flags; under them the best grade and the count of sources and publishers."""
    cell = text(entry.event.id, "bold")
    if entry.flags:
        cell.append("  " + ", ".join(entry.flags), style="yellow")
    cell.append(
        f"\nbest {entry.best or 'none'} · {plural(len(entry.sources), 'source')}"
        f" · {plural(len(entry.publishers), 'publisher')}",
        style=MUTED,
    )
    return cell


def sources_table(report: Audit) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Date", no_wrap=True, min_width=len("2024-06-11"))
    table.add_column("Event", overflow="fold", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    for entry in report.events:
        table.add_row(entry.event.date.display, _event_cell(entry), str(entry.score))
    return table


def _headline(event: Event) -> Group:
    """The id, date and marks of an event, and its title under them."""
    return Group(
        Text.assemble(text(event.id, MUTED), f"  {event.date.display}", marks(event)),
        text(one_line(event.title), "bold"),
    )


def _disputed(store: Store, event: Event) -> Group:
    lines: list[RenderableType] = [_headline(event)]
    for citation in event.citations:
        if not citation.disputes:
            continue
        source = store.sources[citation.source]
        head = Text("disputed by ", style="red")
        head.append_text(text(one_line(source.publisher)))
        head.append(f" · {source.published.display} · {source.grade}", style=MUTED)
        head.append(f" · {visible(source.id)}", style=MUTED)
        lines += [indented(head), indented(text(f"“{one_line(citation.quote)}”"), 4)]
    return Group(*lines)


def _conflicts(
    conflicts: Sequence[Conflict], detail: Callable[[Conflict], str]
) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for conflict in conflicts:
        head = Text(conflict.kind, style="bold")
        head.append("  " + ", ".join(visible(e.id) for e in conflict.events), style=MUTED)
        parts.append(Group(head, indented(text(one_line(detail(conflict))))))
    return parts


def audit_view(
    store: Store,
    report: Audit,
    headline: str,
    scoring: str,
    detail: Callable[[Conflict], str],
) -> list[RenderableType]:
    """The summary (`headline`, then how `scoring` works), then each finding in its
    section, an empty one said as `(none)`; `detail` words a conflict."""
    parts: list[RenderableType] = [
        Text(headline, style=HEADING),
        Text(f"score: {scoring}", style=MUTED),
    ]
    parts += _section("Sources per event", len(report.events))
    if report.events:
        parts.append(sources_table(report))
    parts += _section("Reported: anonymous sources", len(report.reported))
    parts += [_headline(event) for event in report.reported]
    parts += _section("Disputed", len(report.disputed))
    parts += [_disputed(store, event) for event in report.disputed]
    parts += _section("Conflicts the store does not declare", len(report.undeclared))
    parts += _conflicts(report.undeclared, detail)
    if report.declared:
        parts += _section("Conflicts declared by a dispute", len(report.declared))
        parts += _conflicts(report.declared, detail)
    parts += _section("Sources nobody cites", len(report.uncited))
    for source in report.uncited:
        line = text(source.id, "bold")
        line.append("  " + one_line(source.publisher))
        line.append(f" · {source.published.display} · {source.grade}", style=MUTED)
        parts.append(line)
    parts += _section("Citations without url or archive", len(report.unlocated))
    for entry in report.unlocated:
        line = text(entry.event.id, "bold")
        line.append(f"  cites {visible(entry.citation.source)}", style=MUTED)
        parts += [line, indented(text(f"“{one_line(entry.citation.quote)}”"))]
    return parts
