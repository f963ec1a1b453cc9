"""Store text made safe for a terminal: control and bidi characters shown as escapes."""

from __future__ import annotations

import re

# The characters that reorder text (bidi marks, embeddings, overrides and isolates;
# CVE-2021-42574), as a regular expression's character class.
REORDERING = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
# C0 controls but tab and newline, DEL, C1 controls, the characters that reorder text or
# break lines invisibly.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]|{REORDERING}")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """The text with every unsafe character written as a visible escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """`visible`, with runs of white space (newlines included) folded to one space."""
    return visible(" ".join(text.split()))
