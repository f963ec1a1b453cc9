"""The table of `sources check`, and its progress bar on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table

from dealtimeline.core.sanitize import one_line
from dealtimeline.render.style import HEADING, MUTED, text

if TYPE_CHECKING:
    from dealtimeline.web.check import SourceCheck

_STYLES = {
    "ok": "green",
    "moved": "yellow",
    "not a page": "yellow",
    "unchecked": "yellow",
    "dead": "bold red",
    "quote missing": "bold red",
    "refused": "bold red",
}


def checks_table(results: Sequence[SourceCheck]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=HEADING)
    table.add_column("Source", style=MUTED, overflow="fold")
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Detail", overflow="fold", ratio=1)
    for result in results:
        verdict = text(result.verdict)
        verdict.stylize(_STYLES.get(result.verdict, ""))
        detail = result.detail
        if result.archived:
            detail += f"; archived copy: {result.archived}"
        table.add_row(text(result.id), verdict, text(one_line(detail)))
    return table


@contextmanager
def progress_bar(total: int, shown: bool) -> Iterator[Callable[[SourceCheck], None]]:
    """A Rich progress bar on stderr when `shown`; what to call as each source ends."""
    if not shown:
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("Checking sources"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("check", total=total)
        yield lambda _: progress.advance(task)
