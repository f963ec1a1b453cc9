"""What every view is: its data as a payload (JSON, YAML), as grids (CSV, Markdown) and
as Rich renderables. The CLI picks the form; the core computed the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from dealtimeline.core.model import Event, Store
from dealtimeline.core.values import term_value
from dealtimeline.views.formats import ALL_FORMATS

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.state import Setting
    from dealtimeline.serialize.grid import Grid


# Each view's `grids()` are written in order as Markdown; CSV writes the one at `csv_grid`.

EVENT_COLUMNS = (
    "id",
    "date",
    "precision",
    "kind",
    "companies",
    "title",
    "amount",
    "currency",
    "status",
    "disputed",
    "sources",
    "deal",
    "measure",
    "from",
    "to",
    "over",
    "capacity",
    "capacity_unit",
)


def event_row(event: Event) -> tuple[str, ...]:
    return (
        event.id,
        event.date.iso,
        event.date.precision,
        event.kind,
        ";".join(event.companies),
        event.title,
        ""
        if event.amount is None
        else f"{event.amount.value:g}"
        if isinstance(event.amount.value, float)
        else str(event.amount.value),
        "" if event.amount is None else event.amount.currency,
        event.status,
        ";".join(event.aspects) or "no",
        ";".join(dict.fromkeys(c.source for c in event.citations)),
        event.deal or "",
        *_amount_cells(event),
    )


def _amount_cells(event: Event) -> tuple[str, ...]:
    """The amount's measure, payer, payee and period, and the capacity and its unit."""
    amount, capacity = event.amount, event.capacity
    typed = (
        ("", "", "", "")
        if amount is None
        else (amount.measure, amount.payer, amount.payee, amount.over)
    )
    sized = ("", "") if capacity is None else (f"{capacity.value:g}", capacity.unit)
    return (*(cell or "" for cell in typed), *sized)


def events_grid(title: str, events: Sequence[Event]) -> Grid:
    from dealtimeline.serialize.grid import Grid  # only the table formats need it

    return Grid(title, EVENT_COLUMNS, [event_row(e) for e in events])


class View:
    """What every view offers; subclasses set `title` and implement the three forms."""

    formats: tuple[str, ...] = ALL_FORMATS
    csv_grid = 0

    @property
    def title(self) -> str:
        raise NotImplementedError

    def payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def grids(self) -> list[Grid]:
        raise NotImplementedError

    def renderables(self, colour: bool) -> list[RenderableType]:
        raise NotImplementedError

    def streamed_payload(self) -> dict[str, Any]:
        """The payload for `write_json`: its long lists may be `Lazy`, made as written."""
        return self.payload()

    def write(self, fmt: str, stream: TextIO) -> None:
        """`text(fmt)` written to `stream`; JSON as it is made, never held whole."""
        from dealtimeline.serialize import text_formats

        if fmt == "json":
            text_formats.write_json(self.streamed_payload(), stream)
        else:
            stream.write(self.text(fmt))

    def text(self, fmt: str) -> str:
        """The view in a text format: json, yaml, csv or markdown (imported only here: the
        terminal's views need none of them)."""
        from dealtimeline.serialize import text_formats

        if fmt == "json":
            return text_formats.to_json(self.payload())
        if fmt == "yaml":
            return text_formats.to_yaml(self.payload())
        if fmt == "csv":
            return text_formats.to_csv(self.grids()[self.csv_grid])
        return text_formats.to_markdown(self.grids(), self.title)


SETTING_COLUMNS = ("term", "value", "since", "event", "status", "disputed", "sourcing")


def setting_row(store: Store, label: str, setting: Setting | None) -> tuple[str, ...]:
    """A term's value with its event's doubt: status, aspects disputed, sourcing mark."""
    if setting is None:
        return (label, "(none yet)", "", "", "", "", "")
    from dealtimeline.core.sourcing import event_audit, mark

    event = setting.event
    return (
        label,
        term_value(setting.value),
        setting.holds_from.iso,
        event.id,
        event.status,
        ";".join(event.aspects),
        mark(event_audit(store, event)),
    )
