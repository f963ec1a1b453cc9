"""A page's visible text, and where a quote is on it (or what comes closest).

HTML is parsed with selectolax's Lexbor engine: a real HTML5 parser (it builds the tree
a browser would from broken markup), in C, about ten times faster than lxml and html5lib
on big pages, in one small wheel with no system libraries; html5lib is as exact but pure
Python and slow on a 10 MB page, lxml's parser is not HTML5's. Scripts, styles and
templates are dropped; every other text is kept, not only an extracted "main content", so
a quote in a caption or a sidebar is found. Block elements are separated by a space,
inline ones are not, so a quote split across `<em>` or `<a>` reads as written.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from dealtimeline.store.archive import fold

HIDDEN = ("script", "style", "noscript", "template", "svg", "iframe", "object")
BLOCKS = (
    "address,article,aside,blockquote,br,caption,dd,details,dialog,div,dl,dt,fieldset,"
    "figcaption,figure,footer,form,h1,h2,h3,h4,h5,h6,header,hr,li,main,nav,ol,p,pre,"
    "section,summary,table,td,th,title,tr,ul,option,button,label"
)


def visible_text(html: str) -> str:
    """The text a reader of the page sees, folded as `validate` folds quotes."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    tree.strip_tags(list(HIDDEN))
    for node in tree.css(BLOCKS):
        node.insert_before(" ")
        node.insert_after(" ")
    root = tree.root
    return "" if root is None else fold(root.text(separator=""))


@dataclass(frozen=True, repr=False)
class Closest:
    """The passage of the page closest to a quote, and how close: 0 to 1."""

    passage: str
    similarity: float


def closest_passage(quote: str, text: str) -> Closest | None:
    """The run of the page's words most like the quote's: windows of as many words as the
    quote ranked by the words they share with it (one pass over the page), the best few
    compared letter by letter."""
    wanted = fold(quote).split(" ")
    words = text.split(" ")
    if not text or not wanted:
        return None
    size = min(len(wanted), len(words))
    need = Counter(word.lower() for word in wanted)
    window = Counter(word.lower() for word in words[:size])
    shared = sum((window & need).values())
    scores = [(shared, 0)]
    for start in range(1, len(words) - size + 1):
        out, into = words[start - 1].lower(), words[start + size - 1].lower()
        if out != into:
            shared -= int(window[out] <= need[out])
            window[out] -= 1
            window[into] += 1
            shared += int(window[into] <= need[into])
        scores.append((shared, start))
    best = sorted(scores, key=lambda item: (-item[0], item[1]))[:8]
    target = " ".join(wanted)
    found: Closest | None = None
    for _, start in best:
        passage = " ".join(words[start : start + size])
        ratio = difflib.SequenceMatcher(None, target.lower(), passage.lower()).ratio()
        candidate = Closest(passage, round(ratio, 2))
        if found is None or candidate.similarity > found.similarity:
            found = candidate
    return found
