"""YAML as a store is written by hand, for every writer of the store (`add`,
`add-source`, archived copies) and for the YAML export: lists indented under their key,
ids in brackets (`Flow`), quotes in double quotes (`Quoted`), lines never folded."""

from __future__ import annotations

from typing import Any

import yaml

from dealtimeline.core.model import Event
from dealtimeline.serialize.store_mapping import event_data

# PyYAML writes these raw in single quotes, and reads them back as spaces.
_UNICODE_BREAKS = "\x85\u2028\u2029"


class Flow(list[str]):
    """Ids written on one line in brackets, as a store writes them: [openai, oracle]."""


class Quoted(str):
    """A quote written in double quotes, as a store writes them."""

    __slots__ = ()


class StoreDumper(yaml.SafeDumper):
    """The safe dumper, indenting lists under their key as the store does."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_flow(dumper: yaml.SafeDumper, data: Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


def _represent_quoted(dumper: yaml.SafeDumper, data: Quoted) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    """Text as the safe dumper writes it, but in double quotes where it holds a NEL, LS or
    PS, which only double quotes keep."""
    style = '"' if any(c in data for c in _UNICODE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


StoreDumper.add_representer(Flow, _represent_flow)
StoreDumper.add_representer(Quoted, _represent_quoted)
StoreDumper.add_representer(str, _represent_text)


def event_mapping(event: Event) -> dict[str, Any]:
    """The event as the store writes it, in the styles a hand-written store uses: companies
    in flow style, quotes quoted, and no `status` when it is the default (official)."""
    mapping = event_data(event)
    if mapping["status"] == "official":
        del mapping["status"]
    mapping["companies"] = Flow(event.companies)
    for citation in mapping["sources"]:
        citation["quote"] = Quoted(citation["quote"])
    return mapping
