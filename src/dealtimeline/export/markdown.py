"""The events as a Markdown document a person reads: a heading per year, one per event,
its amount as the views write it, its summary's paragraphs, and each quote as a block
quote under a link to its source.

`list --format markdown` stays the table of the events, for data; this is the document.
Store text is escaped (`inline`): it never becomes a link, an image, a heading or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dealtimeline.core.model import Citation, Event, Store
from dealtimeline.core.query import Filters
from dealtimeline.core.sanitize import http_url
from dealtimeline.core.values import company_list
from dealtimeline.export.common import HEADING, by_year, figures, paragraphs, subtitle
from dealtimeline.serialize.doubt import aspect_marks, dispute_line, role_line
from dealtimeline.serialize.text_formats import markdown_cell
from dealtimeline.serialize.voice import speaker_words

# What would end a link's destination or start markup inside it.
_URL_SPECIAL = re.compile(r"[()<>\\ ]")


def inline(text: str) -> str:
    """Store text as Markdown text: it reads as written and makes no markup."""
    return markdown_cell(text, emphasis=True)


def destination(url: str) -> str:
    """An http(s) address as a link's destination: the characters that would end it or
    open markup percent-encoded."""
    return _URL_SPECIAL.sub(lambda m: f"%{ord(m.group()):02X}", url)


def to_markdown_document(
    store: Store, events: Sequence[Event], filters: Filters | None = None
) -> str:
    """The document: title, what it holds (and what filters chose it), then the events
    under a heading for each year."""
    lines = [f"# {HEADING}", "", inline(subtitle(events, store, filters)), ""]
    lines += [
        "*reported*: rests on anonymous sources (~ before its amount); *date?*, *amount?*, "
        "*happened?*: a source disputes that aspect.",
        "",
    ]
    for year, group in by_year(events):
        lines += [f"## {year}", ""]
        for event in group:
            lines += _event(store, event)
    return "\n".join(lines).rstrip("\n") + "\n"


def _event(store: Store, event: Event) -> list[str]:
    """The event's heading, facts line, summary and citations, each block then a blank."""
    lines = [f"### {inline(event.date.display)}: {inline(event.title)}", ""]
    facts = []
    shown = figures(store, event)
    if shown:
        note = event.amount.note if event.amount is not None else None
        facts.append(f"**{inline(shown)}**" + (f" ({inline(note)})" if note else ""))
    facts.append(inline(event.kind))
    facts.append(inline(company_list(store, event.companies)))
    marks = (["reported"] if event.reported else []) + aspect_marks(event)
    facts += [f"*{inline(mark)}*" for mark in marks]
    facts.append(f"id {inline(event.id)}")
    lines += [" · ".join(facts), ""]
    for paragraph in paragraphs(event.summary or ""):
        lines += [inline(paragraph), ""]
    supporting = [c for c in event.citations if c.supports]
    disputing = [c for c in event.citations if c.disputes]
    context = [c for c in event.citations if c.role == "context"]
    for citation in supporting:
        lines += _citation(store, citation)
    if disputing:
        lines += ["**Disputed by**", ""]
        lines += [f"- {inline(dispute_line(store, event, c))}" for c in disputing]
        lines.append("")
        for citation in disputing:
            lines += _citation(store, citation)
    if context:
        lines += ["**Context**", ""]
        for citation in context:
            lines += _citation(store, citation)
    return lines


def _citation(store: Store, citation: Citation) -> list[str]:
    """The quote as a block quote, then who said it: `— [title](url), publisher, date
    (grade)`, and the role of a figure on another basis."""
    source = store.sources[citation.source]
    link = http_url(source.url)
    title = inline(source.title)
    named = f"[{title}]({destination(link)})" if link is not None else title
    quoted = [f"> {inline(line)}" if line.strip() else ">" for line in citation.quote.split("\n")]
    said = f"> — {named}, {inline(source.publisher)}, {source.published.display} ({source.grade})"
    role = "" if citation.role == "supports" or citation.disputes else citation.role
    if (words := speaker_words(store, citation)) is not None:
        said += f" — {inline(words)}"
    lines = [*quoted, ">", said]
    if role:
        lines += [">", f"> *{inline(role_line(store, citation))}*"]
    return [*lines, ""]
