"""The audit command: how well each event is sourced, and where the sources disagree."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtimeline.cli.app import app, emit, filtered_events, open_store
from dealtimeline.cli.options import OrderedSelection, Output, option_groups
from dealtimeline.core.errors import DealtimelineError

StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Exit 1 when an event has no source above copy."),
]


@app.command("audit")
@option_groups
def audit_command(
    ctx: typer.Context,
    selection: OrderedSelection,
    strict: StrictOption = False,
    *,
    output: Output,
) -> None:
    """How well each event is sourced, and where sources disagree.

    Per event: its supporting sources (citations that do not dispute it), their best
    grade, their distinct publishers (the name before any parenthesis) and a score: the
    best grade (primary 3, press 2, copy 1, none 0) plus 1 per publisher after the first.
    Flags: unsupported, single source, copies only, no primary. Then the reported and the
    disputed events (with the disputing quotes), sources nobody cites (whole store), and
    citations whose source has neither url nor archive.

    Conflicts the store does not declare (none of their events is disputed):
    same day: one term set to different values taking effect on the same day;
    restatement: an event of kind statement, or whose title says unchanged, kept,
    remains, stays, continues or reaffirms, changes a term from the value in effect to
    another (repeating it, or giving a term its first value, is fine);
    amount: two events of the same deal (the same term set to the same value, or the
    same day, for dates written to the day, kind and companies) with different amounts.

    Exit 0: it reports. With --strict, exit 1 when an event has no source above copy.
    Formats: rich, json, csv (the events), markdown, yaml.

    Example: dealtimeline audit --company oracle --since 2025
    """
    from dealtimeline.core.audit import audit
    from dealtimeline.core.values import plural
    from dealtimeline.views.audit import AuditView

    options, loaded = open_store(ctx, output)
    loaded, filters, events = filtered_events(loaded, selection)
    report = audit(loaded, events)
    emit(AuditView(loaded, report, filters), output, options)
    if strict and report.weak:
        count = len(report.weak)
        raise DealtimelineError.failure(
            f"{plural(count, 'event')} with no source above copy (--strict): "
            + ", ".join(entry.event.id for entry in report.weak),
            "Cite a press or primary source for each.",
        )
