"""Rich renderables for each view. Every store string passes through `visible` first.

Renderers only lay out what the core computed; they never decide what is true.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dealtimeline.core.sanitize import one_line, visible
from dealtimeline.core.sourcing import GRADE_MARKS, by_grade, event_audit, mark
from dealtimeline.core.values import amount_text, event_amount, money, term_value

if TYPE_CHECKING:
    from dealtimeline.core.aggregates import CompanyProfile, CompanySummary, SourceUsage, Totals
    from dealtimeline.core.model import Citation, Event, Store
    from dealtimeline.core.state import Diff, Setting, TermDiff

PALETTE = (
    "dodger_blue2",
    "dark_orange3",
    "green4",
    "magenta3",
    "red3",
    "dark_cyan",
    "gold3",
    "purple4",
    "deep_pink3",
    "chartreuse4",
    "steel_blue",
    "orange4",
)
MUTED = "grey50"
GRADE_STYLES = {"primary": "bold green", "press": "cyan", "copy": MUTED, None: "bold red"}
HEADING = "bold"


def text(value: str, style: str = "") -> Text:
    """Store text as a Rich Text: never markup, never a control character."""
    return Text(visible(value), style=style)


def company_colours(store: Store) -> dict[str, str]:
    """One stable colour per company: the store's order of companies, round the palette."""
    return {cid: PALETTE[i % len(PALETTE)] for i, cid in enumerate(store.companies)}


def company_tags(store: Store, ids: Sequence[str], colour: bool) -> Text:
    """The companies as coloured tags; as a comma list when there is no colour to tell them."""
    colours = company_colours(store)
    tags = Text()
    for index, company_id in enumerate(ids):
        name = one_line(store.companies[company_id].name)
        if colour:
            if index:
                tags.append(" ")
            tags.append(f" {name} ", style=f"bold white on {colours[company_id]}")
        else:
            tags.append((", " if index else "") + name)
    return tags


def marks(event: Event) -> Text:
    result = Text()
    if event.reported:
        result.append("  reported", style="yellow")
    if event.disputed:
        result.append("  disputed", style="bold red")
    return result


Piece = tuple[str, str, int]
"""A run of text, its style name, and its width in cells."""

GAP = "   "
INDENT = "  "


def _piece(value: str, style: str = "") -> Piece:
    return (value, style, len(value) if value.isascii() else cell_len(value))


class Timeline:
    """Events grouped by year: date, title, amount; under each, kind, companies, marks, id.

    A renderable of its own rather than a Rich table, so that a store of thousands of
    events lays out in one linear pass: the columns are sized once; the title and the
    line under it wrap between words (a piece of white space is where a line may break).
    When a word (an id, most often) is wider than the column, each event's text goes under
    its date instead, across the whole width; a word too long even for that is folded.
    """

    def __init__(self, store: Store, events: Sequence[Event], colour: bool) -> None:
        colours = company_colours(store) if colour else None
        self.rows = [
            (
                event.date.start.year,
                event.date.display,
                _words(one_line(event.title), "bold"),
                _meta(store, event, colours),
                visible(event_amount(event)),
            )
            for event in events
        ]
        self.date_width = max([len("2024-06-11"), *(len(r[1]) for r in self.rows)])
        self.amount_width = max([len("Amount"), *(cell_len(r[4]) for r in self.rows)])
        self.event_width = max(
            [len("Event"), *(max(_length(r[2]), _length(r[3])) for r in self.rows)]
        )

    def _widest_word(self) -> int:
        pieces = chain.from_iterable(chain.from_iterable(row[2:4] for row in self.rows))
        return max(map(itemgetter(2), pieces), default=0)

    def _width(self, event_width: int) -> int:
        return self.date_width + len(GAP) + event_width + len(GAP) + self.amount_width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        narrowest = self._width(len("Event"))
        return Measurement(narrowest, max(narrowest, self._width(self.event_width)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        styles: dict[str, Style | None] = {"": None}
        for line in self.lines(options.max_width):
            for value, name, _ in line:
                style = styles.get(name)
                if style is None and name not in styles:
                    style = styles[name] = Style.parse(name)
                yield Segment(value, style)
            yield Segment.line()

    def plain_lines(self, max_width: int) -> Iterator[str]:
        """The lines as text, for output without colour (no Rich needed to write them)."""
        for line in self.lines(max_width):
            yield "".join(piece[0] for piece in line)

    def lines(self, max_width: int) -> Iterator[list[Piece]]:
        """The timeline laid out within `max_width` cells, each line as its pieces."""
        event_width = max(len("Event"), min(self.event_width, max_width - self._width(0)))
        narrowed = event_width < self.event_width
        return self._lines(event_width, narrowed and event_width < self._widest_word())

    def _lines(self, event_width: int, stacked: bool) -> Iterator[list[Piece]]:
        width = self._width(event_width)
        yield self._line(
            _piece("Date", HEADING),
            [_piece("Event", HEADING)],
            _piece("Amount", HEADING),
            event_width,
        )
        yield [_piece("─" * width)]
        year = None
        blank = _piece("")
        for row_year, shown_date, title, meta, amount in self.rows:
            if row_year != year:
                if year is not None:
                    yield [_piece(" " * width)]
                year = row_year
                yield self._line(_piece(str(year), "bold underline"), [], blank, event_width)
            if stacked:
                yield self._line(_piece(shown_date), [], _piece(amount), event_width)
                room = width - len(INDENT)
                for line in _wrap(title, room) + _wrap(meta, room):
                    yield [_piece(INDENT), *line, _piece(" " * (room - _length(line)))]
                continue
            lines = _wrap(title, event_width) + _wrap(meta, event_width)
            yield self._line(_piece(shown_date), lines[0], _piece(amount), event_width)
            for line in lines[1:]:
                yield self._line(blank, line, blank, event_width)

    def _line(
        self, date_cell: Piece, event_cell: list[Piece], amount: Piece, event_width: int
    ) -> list[Piece]:
        padding = event_width - _length(event_cell) + len(GAP) + self.amount_width - amount[2]
        return [
            date_cell,
            _piece(" " * (self.date_width - date_cell[2]) + GAP),
            *event_cell,
            _piece(" " * padding),
            amount,
        ]


def _words(value: str, style: str) -> list[Piece]:
    pieces: list[Piece] = []
    for index, word in enumerate(value.split(" ")):
        if index:
            pieces.append(_SPACE)
        pieces.append(_piece(word, style))
    return pieces


_SPACE = _piece(" ")
_BREAK = _piece("  ")


def _meta(store: Store, event: Event, colours: dict[str, str] | None) -> list[Piece]:
    """The line under a title: kind, companies (as coloured tags with `colours`), marks, id."""
    pieces: list[Piece] = [_piece(event.kind, MUTED), _BREAK]
    last = len(event.companies) - 1
    for index, company_id in enumerate(event.companies):
        name = one_line(store.companies[company_id].name)
        if index:
            pieces.append(_SPACE)
        if colours:
            pieces.append(_piece(f" {name} ", f"bold white on {colours[company_id]}"))
        else:
            pieces += _words(name + ("," if index < last else ""), "")
    if event.reported:
        pieces += [_BREAK, _piece("reported", "yellow")]
    if event.disputed:
        pieces += [_BREAK, _piece("disputed", "bold red")]
    sourcing = event_audit(store, event)
    pieces += [_BREAK, _piece(mark(sourcing), GRADE_STYLES[sourcing.best])]
    pieces += [_BREAK, _piece(visible(event.id), MUTED)]
    return pieces


def _length(pieces: Sequence[Piece]) -> int:
    return sum(piece[2] for piece in pieces)


def _wrap(pieces: list[Piece], width: int) -> list[list[Piece]]:
    """Pieces filled into lines of at most `width` cells, breaking only at white space
    (which is dropped at the break); a piece wider than a line is folded over lines."""
    lines: list[list[Piece]] = [[]]
    used = 0
    space: Piece | None = None
    for piece in pieces:
        value, style, size = piece
        if value.isspace():
            space = piece if lines[-1] else None
            continue
        gap = space[2] if space else 0
        if lines[-1] and used + gap + size <= width:
            if space:
                lines[-1].append(space)
            lines[-1].append(piece)
            used += gap + size
        else:
            if lines[-1]:
                lines.append([])
            while size > width:
                cut = _fold_point(value, width)
                lines[-1].append(_piece(value[:cut], style))
                lines.append([])
                value = value[cut:]
                size = cell_len(value)
            lines[-1].append((value, style, size))
            used = size
        space = None
    return lines


def _fold_point(piece: str, width: int) -> int:
    """How many characters of `piece` fill `width` cells (at least one)."""
    total = 0
    for index, character in enumerate(piece):
        total += cell_len(character)
        if total > width:
            return max(index, 1)
    return len(piece)


def legend(events: Sequence[Event]) -> Text:
    count = len(events)
    result = Text(f"{count} event{'s' if count != 1 else ''}", style=HEADING)
    result.append("   reported", style="yellow")
    result.append(": anonymous sources (~ amount)   ")
    result.append("disputed", style="bold red")
    result.append(": a source disagrees\n")
    for grade in ("primary", "press", "copy"):
        result.append(" " if grade != "primary" else "")
        result.append(f"{GRADE_MARKS[grade]} {grade}", style=GRADE_STYLES[grade])
    result.append(": the best source, then the number of publishers")
    return result


def _fields(rows: Iterable[tuple[str, Text | str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=MUTED, no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in rows:
        grid.add_row(name, value)
    return grid


def _heading(title: str) -> Text:
    return Text(title, style="bold underline")


def event_detail(
    store: Store, event: Event, before: Sequence[Setting | None], colour: bool
) -> list[RenderableType]:
    """One event in full: its fields, its changes (before and after), every citation."""
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
        ("Sourcing", _sourcing(store, event)),
    ]
    if event.amount is not None:
        amount = text(amount_text(event.amount, event.reported))
        if event.amount.note:
            amount.append(f"  {visible(event.amount.note)}", style=MUTED)
        rows.append(("Amount", amount))
    parts.append(_fields(rows))
    if event.summary:
        parts += [Text(), text(one_line(event.summary))]
    if event.changes:
        parts += [Text(), _heading("Changes")]
        changes = _fields(
            (
                visible(store.terms[change.term].label),
                _change_line(
                    term_value(previous.value if previous else None),
                    change.value,
                    change.effective.display if change.effective else None,
                ),
            )
            for change, previous in zip(event.changes, before, strict=True)
        )
        parts.append(changes)
    supporting = by_grade(store, [c for c in event.citations if not c.disputes])
    disputing = by_grade(store, [c for c in event.citations if c.disputes])
    parts += [Text(), _heading(f"Sources ({len(supporting)})")]
    parts += _citations(store, supporting)
    if disputing:
        parts += [Text(), Text(f"Disputed by ({len(disputing)})", style="bold red underline")]
        parts += _citations(store, disputing)
    return parts


def _sourcing(store: Store, event: Event) -> Text:
    sourcing = event_audit(store, event)
    best = sourcing.best or "no supporting source"
    publishers = len(sourcing.publishers)
    line = Text(mark(sourcing), style=GRADE_STYLES[sourcing.best])
    line.append(f"  best {best} · {publishers} publisher{'s' if publishers != 1 else ''}")
    line.append(f" · score {sourcing.score}", style=MUTED)
    return line


def _change_line(before: str, after: str | None, effective: str | None) -> Text:
    line = text(before, MUTED)
    line.append(" → ")
    line.append_text(text(term_value(after), "bold"))
    if effective:
        line.append(f"  (in effect from {effective})", style=MUTED)
    return line


def _citations(store: Store, citations: Sequence[Citation]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for number, citation in enumerate(citations, 1):
        source = store.sources[citation.source]
        head = Text(f"{number}. ")
        head.append_text(text(one_line(source.publisher), "bold"))
        head.append(f" · {source.published.display} · {source.grade}", style=MUTED)
        head.append(f" · {visible(source.id)}", style=MUTED)
        lines: list[RenderableType] = [head, _indented(text(one_line(source.title), "italic"))]
        if source.url:
            lines.append(_indented(text(source.url, "underline")))
        lines.append(_indented(text(f"“{one_line(citation.quote)}”")))
        parts.append(Group(*lines))
    return parts


def _indented(line: Text) -> Padding:
    return Padding(line, (0, 0, 0, 3))


def totals_text(value: Totals) -> Text:
    span = ""
    if value.first and value.last:
        span = f", {value.first.display} to {value.last.display}"
    result = Text(f"{value.events} event{'s' if value.events != 1 else ''}{span}")
    if value.announced:
        sums = ", ".join(money(v, c) for c, v in value.announced.items())
        result.append(f"\nannounced amounts, summed: {sums}")
    if value.reported:
        sums = ", ".join("~" + money(v, c) for c, v in value.reported.items())
        result.append(f"\nreported amounts, summed: {sums}", style="yellow")
    if value.announced or value.reported:
        result.append("\n(sums of the amounts in the events; deals may overlap)", style=MUTED)
    return result


def _setting_cell(setting: Setting | None, at: date) -> Text:
    """The value in bold, and under it since when and the event that set it."""
    if setting is None:
        return Text("(none yet)", style=MUTED)
    cell = text(setting.value, "bold") if setting.value else Text("(ended)", style=MUTED)
    cell.append(f"\nsince {setting.effective.display}", style=MUTED)
    if setting.approximate_at(at):
        cell.append(" ≈ approximate", style="yellow")
    cell.append(f" · {visible(setting.event.id)}", style=MUTED)
    return cell


def terms_table(rows: Sequence[tuple[str, Setting | None]], at: date) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Term", overflow="fold", ratio=2)
    table.add_column("Value", overflow="fold", ratio=3)
    for label, setting in rows:
        table.add_row(text(label), _setting_cell(setting, at))
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
    parts += [Text(), _heading(f"Terms as of {as_of}")]
    if profile.terms:
        parts.append(
            terms_table([(term.label, setting) for term, setting in profile.terms], profile.as_of)
        )
    else:
        parts.append(Text("(party to no term)", style=MUTED))
    parts += upcoming_view(store, profile.upcoming)
    parts += [Text(), _heading("Totals"), totals_text(profile.totals), Text()]
    parts += [_heading("Events"), Timeline(store, profile.events, colour)]
    return parts


def diff_view(store: Store, result: Diff, unchanged: bool, colour: bool) -> list[RenderableType]:
    start, end = result.start, result.end
    direction = "Back from" if result.backwards else "From"
    parts: list[RenderableType] = [
        Text(
            f"{direction} the end of {start.display} ({start.end.isoformat()}) "
            f"to the end of {end.display} ({end.end.isoformat()})",
            style=HEADING,
        )
    ]
    counts = {s: len(result.with_status(s)) for s in ("changed", "added", "ended", "unchanged")}
    summary = (
        f"{counts['changed']} changed, {counts['added']} added, {counts['ended']} ended, "
        f"{counts['unchanged']} held; {len(result.events)} events in between"
    )
    parts.append(Text(summary))
    sections = [("Changed", "changed"), ("Added", "added"), ("Ended", "ended")]
    if unchanged:
        sections.append(("Held", "unchanged"))
    for title, status in sections:
        entries = result.with_status(status)  # type: ignore[arg-type]
        if not entries:
            continue
        parts += [Text(), _heading(f"{title} ({len(entries)})")]
        for entry in entries:
            parts.append(_term_diff(entry, result.backwards))
    parts += upcoming_view(store, result.upcoming)
    parts += [Text(), _heading(f"Events in between ({len(result.events)})")]
    if result.events:
        parts.append(Timeline(store, result.events, colour))
    else:
        parts.append(Text("(none)", style=MUTED))
    return parts


def _term_diff(entry: TermDiff, backwards: bool) -> RenderableType:
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
    lines.append(Padding(values, (0, 0, 0, 2)))
    if entry.cause is not None:
        cause = Text("undoing " if backwards else "by ", style=MUTED)
        cause.append(entry.cause.effective.display)
        cause.append(f"  {visible(entry.cause.event.id)}", style=MUTED)
        lines.append(Padding(cause, (0, 0, 0, 2)))
        earlier = [s for s in _value_steps(entry) if s is not entry.cause]
        if earlier and not backwards:
            via = Text("via ", style=MUTED)
            for index, step in enumerate(earlier):
                if index:
                    via.append("; ", style=MUTED)
                via.append_text(text(term_value(step.value)))
                via.append(f" ({step.effective.display}, {visible(step.event.id)})", style=MUTED)
            lines.append(Padding(via, (0, 0, 0, 2)))
    return Group(*lines)


def _value_steps(entry: TermDiff) -> list[Setting]:
    """The steps that changed the value; a step that only restates it is left out."""
    steps: list[Setting] = []
    current = entry.before_value if entry.status != "added" else None
    for step in entry.steps:
        if step.value != current:
            steps.append(step)
            current = step.value
    return steps


def upcoming_view(store: Store, settings: Sequence[Setting]) -> list[RenderableType]:
    """Changes already announced that take effect later."""
    if not settings:
        return []
    parts: list[RenderableType] = [
        Text(),
        _heading(f"Announced, in effect later ({len(settings)})"),
    ]
    for setting in settings:
        when = Text(f"from {setting.effective.display}", style="yellow")
        when.append(f", announced {setting.event.date.display}", style=MUTED)
        when.append(f"  {visible(setting.event.id)}", style=MUTED)
        parts.append(
            Group(
                text(one_line(store.terms[setting.term].label), "bold"),
                Padding(text(term_value(setting.value)), (0, 0, 0, 2)),
                Padding(when, (0, 0, 0, 2)),
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
        Text(f"The state of the deals on {at.isoformat()}", style=HEADING),
        Text(f"{held} of {len(rows)} terms hold a value"),
        terms_table(rows, at),
        *upcoming_view(store, later),
    ]


def companies_table(summaries: Sequence[CompanySummary], store: Store, colour: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Company", no_wrap=True)
    table.add_column("Id", style=MUTED, no_wrap=True)
    table.add_column("Aliases", overflow="fold")
    table.add_column("Events", justify="right")
    table.add_column("First", no_wrap=True)
    table.add_column("Last", no_wrap=True)
    for summary in summaries:
        company, totals = summary.company, summary.totals
        table.add_row(
            company_tags(store, (company.id,), colour),
            text(company.id),
            text(", ".join(one_line(a) for a in company.aliases)),
            str(totals.events),
            totals.first.display if totals.first else "",
            totals.last.display if totals.last else "",
        )
    return table


def sources_table(usages: Sequence[SourceUsage]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Id", style=MUTED, overflow="fold")
    table.add_column("Publisher", overflow="fold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Grade", no_wrap=True)
    table.add_column("Title", overflow="fold", ratio=1)
    table.add_column("Cited by", justify="right")
    for usage in usages:
        source = usage.source
        table.add_row(
            text(source.id),
            text(one_line(source.publisher)),
            source.published.display,
            source.grade,
            text(one_line(source.title)),
            str(len(usage.cited_by)),
        )
    return table
