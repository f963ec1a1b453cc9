"""Rich renderables for the audit. Every store string passes through `render.text` or
`visible` first; the audit module decided what is true, this one only lays it out.

Without colour, the audit is one `PlainAudit`: the same parts, written as lines of text in
one linear pass (the table of sources per event laid out from its cells' widths) instead
of through Rich's Table, which measures and renders every cell again and again; a part it
cannot lay out exactly as Rich would is written by Rich."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
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


def _empty_sources_table() -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Date", no_wrap=True, min_width=len("2024-06-11"))
    table.add_column("Event", overflow="fold", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    return table


def sources_table(report: Audit) -> Table:
    table = _empty_sources_table()
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
    voices: str,
    scoring: str,
    detail: Callable[[Conflict], str],
    plain: bool = False,
) -> list[RenderableType]:
    """The summary (`headline`, whose words the events rest on as `voices`, then how
    `scoring` works), then each finding in its
    section, an empty one said as `(none)`; `detail` words a conflict. `plain`: the same
    as one `PlainAudit`, fast to write without colour."""
    from dealtimeline.render.style import lens_heading

    parts: list[RenderableType] = [
        *lens_heading(store),
        Text(headline, style=HEADING),
        *([Text(voices)] if voices else []),
        Text(f"score: {scoring}", style=MUTED),
    ]
    parts += _section("Sources per event", len(report.events))
    if report.events:
        parts.append(SourcesTable(report) if plain else sources_table(report))
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
    return [PlainAudit(parts)] if plain else parts


def _plain_console(width: int) -> Console:
    from dealtimeline.render.console import make_console

    return make_console(io.StringIO(), False, width)


def _rich_lines(console: Console, renderable: RenderableType) -> list[str]:
    """The renderable as Rich prints it without colour, as lines."""
    with console.capture() as captured:
        console.print(renderable)
    return captured.get().splitlines()


def _simple_lines(renderable: RenderableType) -> list[str] | None:
    """The lines of a Text, or of a Group or left Padding of them, each as Rich writes it
    when it fits in a line; None for anything else (a tab, a newline, another renderable)."""
    if isinstance(renderable, Text):
        plain = renderable.plain
        return None if "\t" in plain or "\n" in plain else [plain]
    if isinstance(renderable, Padding):
        if (renderable.top, renderable.right, renderable.bottom) != (0, 0, 0):
            return None
        inner = _simple_lines(renderable.renderable)
        return None if inner is None else [" " * renderable.left + line for line in inner]
    if isinstance(renderable, Group):
        lines: list[str] = []
        for part in renderable.renderables:
            found = _simple_lines(part)
            if found is None:
                return None
            lines += found
        return lines
    return None


def _wrapped_lines(console: Console, renderable: RenderableType, width: int) -> list[str] | None:
    """The lines of a Text, or of a Group or left Padding of them, as Rich prints them at
    `width`: each Text wrapped by Rich's own `Text.wrap`, as `Text.__rich_console__` does
    with the console's defaults; None for anything else (a tab, a newline, another
    renderable, a line Rich would still have to crop)."""
    if isinstance(renderable, Text):
        plain = renderable.plain
        if "\t" in plain or "\n" in plain or width < 1:
            return None
        if _cells(plain) <= width:
            return [plain]
        wrapped = [line.plain for line in renderable.wrap(console, width)]
        return None if any(_cells(line) > width for line in wrapped) else wrapped
    if isinstance(renderable, Padding):
        if (renderable.top, renderable.right, renderable.bottom) != (0, 0, 0):
            return None
        inner = _wrapped_lines(console, renderable.renderable, width - renderable.left)
        return None if inner is None else [" " * renderable.left + line for line in inner]
    if isinstance(renderable, Group):
        found: list[str] = []
        for part in renderable.renderables:
            lines = _wrapped_lines(console, part, width)
            if lines is None:
                return None
            found += lines
        return found
    return None


def _cells(value: str) -> int:
    return len(value) if value.isascii() else cell_len(value)


class PlainAudit:
    """The audit's parts (as `audit_view` makes them: Texts with Rich's defaults, Groups
    and left Paddings of them, and the `SourcesTable`), written without colour as lines
    of text in one pass. A part within the width is written as it is, one wider wrapped
    by Rich's `Text.wrap`, as Rich would; anything else is printed by Rich itself."""

    def __init__(self, parts: Sequence[RenderableType]) -> None:
        self.parts = parts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.parts

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The widest line exactly (the width a pipe is written at); as the minimum, the
        widest word (an indent before a word is not counted)."""
        minimum = maximum = 0
        for part in self.parts:
            lines = _simple_lines(part)
            if lines is None:
                low, high = Measurement.get(console, options, part)
            else:
                high = max(map(_cells, lines), default=0)
                words = [w for line in lines for w in line.split()]
                low = max(map(_cells, words), default=high)
            minimum, maximum = max(minimum, low), max(maximum, high)
        return Measurement(minimum, maximum).normalize().with_maximum(options.max_width)

    def plain_lines(self, max_width: int) -> Iterator[str]:
        console = _plain_console(max_width)
        for part in self.parts:
            if isinstance(part, SourcesTable):
                yield from part.plain_lines(max_width)
                continue
            lines = _simple_lines(part)
            if lines is None or any(_cells(line) > max_width for line in lines):
                lines = _wrapped_lines(console, part, max_width)
            if lines is None:
                lines = _rich_lines(console, part)
            yield from lines


class _Measured:
    """A stand-in cell that Rich measures as the widest of a column's cells."""

    def __init__(self, minimum: int, maximum: int) -> None:
        self.measurement = Measurement(minimum, maximum)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self.measurement

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from ()


def _column_measure(values: Sequence[str]) -> _Measured:
    """What Rich measures a column of Texts of `values` as: the longest word of any cell
    (or the longest line of a cell without words), and the longest line of any cell."""
    joined = "\n".join(values)
    lines = joined.split("\n")
    sizes: Callable[[str], int] = len if joined.isascii() else _cells
    longest = max(map(sizes, lines), default=0)
    widest_word = max(map(sizes, joined.split()), default=0)
    blank = [max(map(sizes, v.split("\n"))) for v in values if not v.split()]
    return _Measured(max([widest_word, *blank]), longest)


class SourcesTable:
    """The table of sources per event, as `sources_table` lays it out, but sized once from
    its cells' widths (a stand-in table of one row does Rich's arithmetic) and written
    line by line; an event cell too wide for its column is wrapped by Rich's `Text.wrap`,
    and Rich's own table is printed when a date or score does not fit, or a cell holds a
    tab. Uses Table's `_calculate_column_widths`, so that the widths are Rich's own."""

    def __init__(self, report: Audit) -> None:
        self.report = report
        counts: dict[tuple[str | None, int, int], str] = {}
        self.rows = [
            (
                entry.event.date.display,
                _event_lines(entry, counts),
                str(entry.score),
            )
            for entry in report.events
        ]
        stand_in = _empty_sources_table()
        stand_in.add_row(
            _column_measure([row[0] for row in self.rows]),
            _column_measure(["\n".join(row[1]) for row in self.rows]),
            _column_measure([row[2] for row in self.rows]),
        )
        self.stand_in = stand_in

    def table(self) -> Table:
        return sources_table(self.report)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.stand_in)

    def plain_lines(self, max_width: int) -> list[str]:
        console = _plain_console(max_width)
        stand_in = self.stand_in
        options = console.options.update_width(max_width - stand_in._extra_width)
        date_width, event_width, score_width = stand_in._calculate_column_widths(console, options)
        # Padding: none at the table's edges, one cell either side of each divider.
        date_width, event_width, score_width = date_width - 1, event_width - 2, score_width - 1
        if date_width < len("Date") or event_width < len("Event") or score_width < len("Score"):
            return _rich_lines(console, self.table())
        gap = "   "
        lines = [
            "Date"
            + " " * (date_width - 4)
            + gap
            + "Event"
            + " " * (event_width - 5)
            + gap
            + " " * (score_width - 5)
            + "Score",
            "─" * (date_width + event_width + score_width + 2 * len(gap)),
        ]
        blank_date = " " * date_width
        for index, (date, event, score) in enumerate(self.rows):
            date_size, score_size = _cells(date), len(score)
            if (
                date_size > date_width
                or score_size > score_width
                or any("\t" in line for line in event)
            ):
                return _rich_lines(console, self.table())
            sizes = [_cells(line) for line in event]
            if max(sizes) > event_width:
                cell = _event_cell(self.report.events[index])
                wrapped = cell.wrap(console, event_width, justify="left", overflow="fold")
                event = [line.plain for line in wrapped]
                sizes = [_cells(line) for line in event]
                if max(sizes) > event_width:
                    return _rich_lines(console, self.table())
            first = True
            for line, size in zip(event, sizes, strict=True):
                if first:
                    start = date + " " * (date_width - date_size) + gap
                    end = gap + " " * (score_width - score_size) + score
                    first = False
                else:
                    start, end = blank_date + gap, ""
                lines.append(start + line + " " * (event_width - size) + end)
        return lines


def _event_lines(entry: EventAudit, counts: dict[tuple[str | None, int, int], str]) -> list[str]:
    """The plain text of `_event_cell`, line by line; `counts` keeps the second lines made."""
    head = visible(entry.event.id)
    if entry.flags:
        head += "  " + ", ".join(entry.flags)
    key = (entry.best, len(entry.sources), len(entry.publishers))
    under = counts.get(key)
    if under is None:
        under = counts[key] = (
            f"best {entry.best or 'none'} · {plural(key[1], 'source')}"
            f" · {plural(key[2], 'publisher')}"
        )
    return [*head.split("\n"), under]
