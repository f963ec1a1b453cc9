"""The events as an iCalendar file (RFC 5545): one all-day event per event, over its span.

Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character; TEXT
values escape backslash, semicolon, comma and newlines, and drop other control characters
and the characters that reorder text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from dealtimeline.core.model import Citation, Event, Store
from dealtimeline.core.sanitize import UNSAFE, http_url
from dealtimeline.core.values import company_list
from dealtimeline.export.common import HEADING, figures
from dealtimeline.serialize.doubt import dispute_line, role_line
from dealtimeline.serialize.voice import speaker_words

PRODID = "-//dealtimeline//dealtimeline export//EN"
LINE_OCTETS = 75

_NEWLINE = re.compile(r"\r\n|\r|\n")
_SPECIAL = re.compile(r"[\\;,]")


def text(value: str) -> str:
    """A TEXT value: `\\`, `;` and `,` escaped, newlines as `\\n`, other controls and
    reordering characters dropped."""
    escaped = _SPECIAL.sub(lambda m: "\\" + m.group(), value)
    # TEXT may hold no control but HTAB (RFC 5545, 3.3.11); newlines are escaped first.
    return UNSAFE.sub("", _NEWLINE.sub(r"\\n", escaped))


def fold(line: str) -> str:
    """The content line folded into lines of at most 75 octets, each ending in CRLF."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "".join(piece + "\r\n" for piece in pieces)


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def stamp_of(store: Store) -> date:
    """The day every DTSTAMP gives: the newest publication date among the store's sources
    (its first day), so that exporting the same store twice gives the same file, and a
    store that learned something new gives a newer stamp. 1970-01-01 for no source."""
    return max((s.published.start for s in store.sources.values()), default=date(1970, 1, 1))


def to_ics(store: Store, events: Sequence[Event], title: str = HEADING) -> str:
    """The calendar named `title`; every DTSTAMP is `stamp_of(store)`, at midnight UTC."""
    stamp = stamp_of(store)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(title)}",
    ]
    for event in events:
        lines += _event(store, event, f"{_day(stamp)}T000000Z")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _event(store: Store, event: Event, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{text(event.id)}@dealtimeline",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(event.date.start)}",
        _end(event),
        f"SUMMARY:{text(event.title)}",
        f"DESCRIPTION:{text(description(store, event))}",
    ]
    first_url = next(
        (url for c in event.citations if (url := http_url(store.sources[c.source].url))), None
    )
    if first_url is not None:
        lines.append(f"URL:{first_url}")
    lines += [
        f"CATEGORIES:{text(event.kind)}",
        f"STATUS:{'TENTATIVE' if event.reported else 'CONFIRMED'}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return lines


def _end(event: Event) -> str:
    """DTEND, the day after the span (exclusive); for a span ending on the last day a date
    can hold (9999-12-31), its length as a DURATION instead."""
    if event.date.end == date.max:
        return f"DURATION:P{event.date.days}D"
    return f"DTEND;VALUE=DATE:{_day(event.date.end + timedelta(days=1))}"


def description(store: Store, event: Event) -> str:
    """Summary, amount, companies, marks, then each source with its quote."""
    parts = [event.summary] if event.summary else []
    facts = []
    if event.amount is not None or event.capacity is not None:
        note = event.amount.note if event.amount is not None else None
        facts.append(f"Amount: {figures(store, event)}" + (f" ({note})" if note else ""))
    facts.append(f"Companies: {company_list(store, event.companies)}")
    facts.append(f"Date as written: {event.date.display}")
    if event.reported:
        facts.append("Reported: rests on anonymous sources")
    facts += [_first_up(dispute_line(store, event, c)) for c in event.citations if c.disputes]
    facts += [_first_up(role_line(store, c)) for c in event.citations if c.role != "supports"]
    parts.append("\n".join(facts))
    sections = (
        ("Sources:", [c for c in event.citations if c.supports]),
        ("Disputed by:", [c for c in event.citations if c.disputes]),
        ("Context:", [c for c in event.citations if c.role == "context"]),
    )
    for heading, citations in sections:
        cited = [_citation(store, c) for c in citations]
        if cited:
            parts.append("\n".join([heading, *cited]))
    return "\n\n".join(parts)


def _first_up(line: str) -> str:
    return line[:1].upper() + line[1:]


def _citation(store: Store, citation: Citation) -> str:
    source = store.sources[citation.source]
    line = f'- {source.publisher}, {source.published.display}: "{citation.quote}"'
    if (words := speaker_words(store, citation)) is not None:
        line += f" ({words})"
    return line + (f" {source.url}" if source.url else "")
