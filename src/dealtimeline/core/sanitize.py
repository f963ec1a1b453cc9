"""Store text made safe for a terminal: control and bidi characters shown as escapes.

The one place for the rules about characters: which a store file may not hold raw, and
which are unsafe on the way out: every output for people (the terminal, SVG,
HTML, Markdown, CSV, iCalendar, Mermaid) shows or drops them, JSON and YAML write them as
escapes, and a link may not hold one.
"""

from __future__ import annotations

import re

from dealtimeline.core.patterns import LazyPattern

# The characters that reorder text (the Arabic letter mark, the left-to-right and
# right-to-left marks, embeddings, overrides and isolates; CVE-2021-42574), as a regular
# expression's character class.
REORDERING = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
# C0 controls but tab and newline: JSON and YAML emitters escape these themselves.
_C0 = "\x00-\x08\x0b-\x1f"
# DEL, C1 controls, the characters that break lines invisibly or reorder text: what JSON
# and YAML emitters may leave raw.
_BEYOND_C0 = "\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[{_C0}{_BEYOND_C0}]")
"""A character a terminal would act on, or that reorders or invisibly breaks text."""
FORBIDDEN_IN_STORE = LazyPattern("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""A character a store file may not hold raw: controls but tab and line breaks (U+0085
too: YAML 1.1 reads it as a line break, where it is mostly a mis-decoded Windows-1252
ellipsis), and the two non-characters. Inside double quotes it may be written as an
escape; the reorderings are allowed raw, and shown escaped on the way out."""
RAW_UNSAFE = LazyPattern(f"[{_BEYOND_C0}]")
"""The unsafe characters that a JSON or YAML emitter may write raw."""
# A character a link may hold: not white space, not a control, nothing unsafe.
_URL_CHARACTER = f"[^\\s\x00-\x1f{_BEYOND_C0}]"
HTTP_URL = LazyPattern(f"https?://(?:(?![/?#]){_URL_CHARACTER})+{_URL_CHARACTER}*", re.IGNORECASE)
"""An http(s) address with a host, and no white space or unsafe character anywhere."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """The text with every unsafe character written as a visible escape (`\\x1b`, `\\u202e`)."""
    return UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """`visible`, with runs of white space (newlines included) folded to one space."""
    return visible(" ".join(text.split()))


def visible_path(text: str) -> str:
    """`visible`, with line breaks and tabs as escapes too (`\\n`, `\\t`): a path (or a
    FILE:LINE:COLUMN line) stays on one line and reads as itself, never folded."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


def http_url(url: str | None) -> str | None:
    """The url when it is an http(s) address with nothing unsafe in it, else None."""
    if url is not None and HTTP_URL.fullmatch(url):
        return url
    return None


def link_target(url: str | None) -> str | None:
    """The url as a terminal hyperlink's target (OSC 8), or None when it may not be one:
    only an http(s) address, and only printable ASCII (no space, no ESC, no BEL, nothing
    a terminal would read as the end of the sequence or as another sequence)."""
    found = http_url(url)
    if found is None or not all("!" <= character <= "~" for character in found):
        return None
    return found
