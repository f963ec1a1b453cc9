"""A plain table: the form of a view that CSV and Markdown write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, repr=False, eq=False)
class Grid:
    """A plain table: what CSV writes, and what Markdown writes under a heading."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[Sequence[str]]
