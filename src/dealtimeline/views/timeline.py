"""The `list` view: the selected events, as a timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dealtimeline.core.model import Event, Store
from dealtimeline.views.base import (
    View,
    events_grid,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dealtimeline.core.query import Filters
    from dealtimeline.core.search import Match
    from dealtimeline.serialize.grid import Grid


@dataclass(frozen=True, repr=False, eq=False)
class ListView(View):
    """The events `list` selected, in their order, under the filters that chose them."""

    store: Store
    events: Sequence[Event]
    filters: Filters

    @property
    def title(self) -> str:
        return "Events"

    # The JSON contract is imported where it is used: the timeline on the screen, the
    # common case, never needs it (nor the schema it reads).
    def payload(self) -> dict[str, Any]:
        from dealtimeline.serialize import contract

        return self._payload([contract.event(self.store, e) for e in self.events])

    def streamed_payload(self) -> dict[str, Any]:
        from dealtimeline.serialize.text_formats import Lazy

        return self._payload(Lazy(self.events, self._event))

    def _event(self, event: Event) -> dict[str, Any]:
        from dealtimeline.serialize import contract

        return contract.event(self.store, event)

    def _payload(self, events: list[Any]) -> dict[str, Any]:
        from dealtimeline.serialize import contract

        found = self._matches()
        return contract.envelope(
            "list",
            **contract.lens(self.store),
            filters=contract.filters(self.filters),
            count=len(self.events),
            events=events,
            # With --search, where each event matched it: {id: {"field", "text"}}.
            **({"matches": contract.matches(found)} if self.filters.search else {}),
        )

    def _matches(self) -> dict[str, Match]:
        """Where a search found each event; without one, nothing (and no search module)."""
        if not self.filters.search:
            return {}
        from dealtimeline.core.search import matches

        return matches(self.store, self.events, self.filters.search)

    def grids(self) -> list[Grid]:
        return [events_grid("Events", self.events)]

    def renderables(self, colour: bool) -> list[RenderableType]:
        from dealtimeline.render.style import lens_heading
        from dealtimeline.render.timeline import Timeline, legend

        drawn: list[RenderableType] = lens_heading(self.store)
        return [
            *drawn,
            Timeline(self.store, self.events, colour, self.filters.sort == "date", self._matches()),
            legend(self.events),
        ]
