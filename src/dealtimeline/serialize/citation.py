"""A citation of one source, for a reader to paste: plain text, Markdown or BibTeX.

The core chose the source (`core.sourcing.best_citation`); this only writes it. Store
text is data in every form: controls shown as escapes, Markdown's and TeX's special
characters escaped, an address written only when it is a safe http(s) one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from dealtimeline.core.model import Event, Source
from dealtimeline.core.sanitize import http_url, one_line

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def plain(source: Source, event: Event) -> str:
    """`Publisher, "Title", 2025-01-21, https://...`: one line, as a reader says it."""
    parts = [one_line(source.publisher), f'"{one_line(source.title)}"', source.published.display]
    url = http_url(source.url)
    return ", ".join(parts + ([url] if url else [])) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!&$])")
_MD_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")


def markdown_text(text: str) -> str:
    """Store text as inline Markdown that reads as itself: the characters that would open
    emphasis, a link, code, HTML or an entity escaped, and a start that would open a list
    or a heading."""
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    return _MD_LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped
    )


def markdown(source: Source, event: Event) -> str:
    """`Publisher, [Title](<https://...>), 2025-01-21.`: the title a link when it can be."""
    title = markdown_text(source.title)
    url = http_url(source.url)
    if url:
        target = url.replace("<", "%3C").replace(">", "%3E")
        title = f"[{title}](<{target}>)"
    return f"{markdown_text(source.publisher)}, {title}, {source.published.display}.\n"


_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_text(text: str) -> str:
    """Store text as a BibTeX field's value: TeX's special characters as commands. A
    brace is never left as itself, so a field's braces always balance (BibTeX counts
    `\\{` as a brace too)."""
    return "".join(_TEX.get(character, character) for character in one_line(text))


def bibtex_key(source: Source) -> str:
    """The source's id as a BibTeX key: ASCII letters, digits and `-_:.` only."""
    folded = unicodedata.normalize("NFKD", source.id).encode("ascii", "ignore").decode()
    key = re.sub(r"[^A-Za-z0-9_:.-]+", "-", folded).strip("-")
    return key or "source"


def bibtex(source: Source, event: Event) -> str:
    """A `@misc` entry: title, publisher, date, address, and the event it is cited for."""
    published = source.published
    fields = [
        ("title", "{" + bibtex_text(source.title) + "}"),
        ("howpublished", bibtex_text(source.publisher)),
        ("year", str(published.start.year)),
    ]
    if published.precision in ("month", "day"):
        fields.append(("month", MONTHS[published.start.month - 1]))
        fields.append(("date", published.iso))
    url = http_url(source.url)
    if url:
        for character, code in (("\\", "%5C"), ("{", "%7B"), ("}", "%7D")):
            url = url.replace(character, code)
        fields.append(("url", url))
    fields.append(("note", "Cited for: " + bibtex_text(event.title)))
    lines = [f"@misc{{{bibtex_key(source)},"]
    for name, value in fields:
        lines.append(f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},")
    return "\n".join([*lines, "}"]) + "\n"


CITERS: dict[str, Callable[[Source, Event], str]] = {
    "plain": plain,
    "markdown": markdown,
    "bibtex": bibtex,
}
CITE_FORMATS = tuple(CITERS)
