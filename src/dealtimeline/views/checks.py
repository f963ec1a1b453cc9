"""The `sources check` view: one verdict per source, with what it rests on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dealtimeline.serialize import contract
from dealtimeline.serialize.grid import Grid
from dealtimeline.views.base import View
from dealtimeline.views.formats import CHECK_FORMATS

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.web.check import SourceCheck

COLUMNS = ("id", "verdict", "detail", "url", "final_url", "archived", "fetched_at", "cached")


def check_data(result: SourceCheck) -> dict[str, Any]:
    """One source's check as JSON: its id, url, verdict and details."""
    return {
        "id": result.id,
        "url": result.url,
        "verdict": result.verdict,
        "detail": result.detail,
        "final_url": result.final_url,
        "status": result.status,
        "content_type": result.content_type or None,
        "fetched_at": result.fetched_at,
        "cached": result.cached,
        "archived": result.archived,
        "quotes": [
            {
                "event": q.event,
                "quote": q.quote,
                "found": q.found,
                "closest": q.closest,
                "similarity": q.similarity,
            }
            for q in result.quotes
        ],
    }


@dataclass(frozen=True, repr=False)
class ChecksView(View):
    results: Sequence[SourceCheck]
    formats = CHECK_FORMATS

    @property
    def title(self) -> str:
        return "Source checks"

    def payload(self) -> dict[str, Any]:
        return contract.envelope("sources check", sources=[check_data(r) for r in self.results])

    def grids(self) -> list[Grid]:
        rows = [
            (
                r.id,
                r.verdict,
                r.detail,
                r.url,
                r.final_url or "",
                r.archived or "",
                r.fetched_at or "",
                "yes" if r.cached else "no",
            )
            for r in self.results
        ]
        return [Grid("Source checks", COLUMNS, rows)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.checks import checks_table
        from dealtimeline.render.style import MUTED, Runs

        note = fetched_note(self.results)
        return [*([Runs(note, MUTED)] if note else []), checks_table(self.results)]


def fetched_note(results: Sequence[SourceCheck]) -> str | None:
    """When the pages the verdicts rest on were fetched (UTC, to the minute), and how many
    came from the cache: an offline check's verdicts are as old as its pages."""
    from datetime import datetime, timezone

    times = sorted(
        datetime.fromisoformat(r.fetched_at).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")
        for r in results
        if r.fetched_at
    )
    if not times:
        return None
    span = times[0] if times[0] == times[-1] else f"{times[0]} to {times[-1]}"
    cached = sum(1 for r in results if r.fetched_at and r.cached)
    return f"Pages fetched {span} UTC" + (
        f"; {cached} of {len(times)} from the cache" if cached else ""
    )
