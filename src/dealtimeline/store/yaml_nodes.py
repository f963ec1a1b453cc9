"""Safe YAML reading: text to a tree of nodes that keep their line and column.

libyaml (when present) only tokenises; the tree is built here, without recursion, so that
anchors, aliases, tags, duplicate keys, deep nesting and huge entries are refused with their
position before anything walks the data. Nothing is ever constructed from a tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import cast

import yaml

from dealtimeline.core.errors import Problem
from dealtimeline.core.sanitize import FORBIDDEN_IN_STORE

MAX_DEPTH = 32
MAX_HELD = 10_000
MAX_REPORTED = 20

_BAD_BYTE = re.compile("[\udc80-\udcff]")
_FAST_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Bytes other than flow openers and line breaks; what is left of a text without them has
# a run of MAX_DEPTH + 1 openers where one line has that many.
_NOT_OPENERS = bytes(b for b in range(256) if b not in b"[{\n")
_MANY_OPENERS = re.compile(rb"[\[{]{%d}" % (MAX_DEPTH + 1))


class Scalar:
    """A scalar as written: its text, and whether it was plain (unquoted, so YAML may type it)."""

    __slots__ = ("column", "line", "plain", "text")

    def __init__(self, text: str, line: int, column: int, plain: bool) -> None:
        self.text = text
        self.line = line
        self.column = column
        self.plain = plain

    def __repr__(self) -> str:
        return f"Scalar({self.text!r}, {self.line}:{self.column})"


class MapNode:
    __slots__ = ("column", "items", "line")

    def __init__(self, line: int, column: int) -> None:
        self.items: dict[str, tuple[Scalar, Node]] = {}
        self.line = line
        self.column = column


class SeqNode:
    __slots__ = ("column", "items", "line")

    def __init__(self, line: int, column: int) -> None:
        self.items: list[Node] = []
        self.line = line
        self.column = column


Node = Scalar | MapNode | SeqNode


class _Stop(Exception):
    """Raised to stop reading a file that has already given too many problems."""


# Takes a streamed section's name, the entry's key (None in a list) and the entry.
EntrySink = Callable[[str, Scalar | None, Node], None]


def yaml_type(scalar: Scalar) -> str:
    """What YAML 1.1 would make of a scalar: 'str', 'null', 'bool', 'int', 'float', 'timestamp'."""
    if not scalar.plain:
        return "str"
    text = scalar.text
    resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
    candidates = list(resolvers.get(text[:1] if text else "", [])) + list(resolvers.get(None, []))
    for tag, pattern in candidates:
        if pattern.match(text):
            return str(tag).rsplit(":", 1)[-1]
    return "str"


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text without its BOM, or the problems that stop it being read."""
    text = data.decode("utf-8", errors="surrogateescape")
    problems: list[Problem] = []
    for match in _BAD_BYTE.finditer(text):
        line, column = _position(text, match.start())
        byte = ord(match.group()) - 0xDC00
        problems.append(
            Problem(
                f"byte 0x{byte:02X} is not UTF-8",
                "save the file as UTF-8",
                file,
                line,
                column,
            )
        )
        if len(problems) >= MAX_REPORTED:
            break
    if problems:
        return None, problems
    if text.startswith("\ufeff"):
        text = text[1:]
    for match in FORBIDDEN_IN_STORE.finditer(text):
        line, column = _position(text, match.start())
        code = ord(match.group())
        problems.append(
            Problem(
                f"control character U+{code:04X} in the file",
                "remove it; inside a double-quoted string write it as an escape such as \\x1b",
                file,
                line,
                column,
            )
        )
        if len(problems) >= MAX_REPORTED:
            break
    return (None if problems else text), problems


def _position(text: str, index: int) -> tuple[int, int]:
    """The line and column of `index`, with line breaks counted as YAML counts them: CR LF,
    CR alone and LF alone (a file saved with CR only is all one line by LF)."""
    newlines = text.count("\n", 0, index)
    line = newlines + text.count("\r", 0, index) - text.count("\r\n", 0, index) + 1
    if index and text[index - 1] == "\r" and text.startswith("\n", index):
        line -= 1  # between the CR and the LF of one break
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return line, index - start + 1


def compose(
    text: str,
    file: str,
    problems: list[Problem],
    sections: Collection[str],
    sink: EntrySink,
) -> Node | None:
    """The document's tree, or None when it cannot be built; problems are appended.

    The entries of the top-level collections named in `sections` (each key and value of a
    mapping, each item of a list) go to `sink` as soon as they are complete instead of
    staying in the tree, and no more than MAX_HELD nodes are ever held: a large store is
    never held twice, and no file can make the tree grow past its bound.
    """
    parser = _parser_for(text)(text)
    try:
        return _Builder(file, problems, sections, sink).build(parser)
    except _Stop:
        return None
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(error, file, text))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(f"not valid YAML: {error}", "fix the YAML syntax", file, 1, 1))
        return None
    finally:
        parser.dispose()


def _parser_for(text: str) -> type[yaml.SafeLoader]:
    """libyaml's parser, unless a line could nest deeper than MAX_DEPTH.

    libyaml scans up to 1,024 characters ahead of the events it hands on, and newer
    releases stop deep flow nesting there, with their own limit and wording, before the
    depth check in `_Builder` sees the events. Such a text goes to PyYAML's own parser, which
    has no limit of its own, so the project's limit is the one that speaks, at its
    position, whatever libyaml is installed.
    """
    if text.count("[") + text.count("{") > MAX_DEPTH:
        openers = text.encode("utf-8", "surrogateescape").translate(None, _NOT_OPENERS)
        if _MANY_OPENERS.search(openers):
            return yaml.SafeLoader
    return cast("type[yaml.SafeLoader]", _FAST_PARSER)


class _Builder:
    """Builds the tree from the parser's events, one at a time and without recursion: the
    open collections are on `stack`, each with the key waiting for its value."""

    __slots__ = (
        "documents",
        "entry_start",
        "file",
        "held",
        "pending_keys",
        "problems",
        "refused",
        "root",
        "section",
        "sections",
        "seen",
        "sink",
        "stack",
    )

    def __init__(
        self, file: str, problems: list[Problem], sections: Collection[str], sink: EntrySink
    ) -> None:
        self.file = file
        self.problems = problems
        self.sections = sections
        self.sink = sink
        self.stack: list[MapNode | SeqNode] = []
        self.pending_keys: list[Scalar | None] = []
        self.root: Node | None = None
        self.documents = 0
        self.section: str | None = None  # the streamed section being read
        self.seen: dict[str, int] = {}  # its keys so far, with their lines
        self.held = 0  # nodes in the tree, streamed entries not counted once handed on
        self.entry_start = 0  # `held` when the current streamed entry began
        self.refused = 0

    def build(self, parser: yaml.SafeLoader) -> Node | None:
        """The tree of the parser's document; None when it cannot be built."""
        while True:
            event = parser.get_event()  # type: ignore[no-untyped-call]
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                return self.root
            if kind is yaml.DocumentStartEvent:
                if not self.document(event.start_mark):
                    return None
                continue
            if kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.end()
                continue
            mark = event.start_mark
            self.hold(mark)
            if kind is yaml.AliasEvent:
                self.refuse(
                    f"alias '*{event.anchor}'",
                    "a store has no use for anchors and aliases: write the value out",
                    mark,
                )
                self.place(Scalar("", mark.line + 1, mark.column + 1, False))
                continue
            tag = event.tag
            if event.anchor is not None or (tag is not None and tag != "!"):
                self.refuse_marks(event.anchor, tag, mark)
            if kind is yaml.ScalarEvent:
                plain = not event.style and tag is None
                self.place(Scalar(event.value, mark.line + 1, mark.column + 1, plain))
            elif not self.start(kind is yaml.MappingStartEvent, mark):
                return None

    def document(self, mark: yaml.Mark) -> bool:
        """Count a document; a second one is refused."""
        self.documents += 1
        if self.documents > 1:
            self.refuse(
                "a second YAML document",
                "a store is one document: remove the '---' and what follows",
                mark,
            )
            return False
        return True

    def refuse_marks(self, anchor: str | None, tag: str | None, mark: yaml.Mark) -> None:
        """Refuse an anchor and a tag other than the non-specific '!'."""
        if anchor is not None:
            self.refuse(
                f"anchor '&{anchor}'",
                "a store has no use for anchors and aliases: remove it",
                mark,
            )
        if tag is not None and tag != "!":
            if "python" in tag:
                self.refuse(
                    f"tag '{tag}' asks for a Python object",
                    "refused and never run: remove the tag",
                    mark,
                )
            else:
                self.refuse(f"tag '{tag}'", "a store uses plain YAML: remove the tag", mark)

    def start(self, mapping: bool, mark: yaml.Mark) -> bool:
        """Open a collection; False past MAX_DEPTH. A top-level key named in `sections`
        starts a streamed section."""
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            self.refuse(
                f"nesting deeper than {MAX_DEPTH} levels",
                "a store needs at most 6: flatten this value",
                mark,
            )
            return False
        line, column = mark.line + 1, mark.column + 1
        collection = MapNode(line, column) if mapping else SeqNode(line, column)
        key = self.pending_keys[0] if len(stack) == 1 else None
        if key is not None and key.text in self.sections:
            self.section = key.text
            self.seen = {}
        stack.append(collection)
        self.pending_keys.append(None)
        return True

    def end(self) -> None:
        """Close the innermost collection and place it."""
        done = self.stack.pop()
        self.pending_keys.pop()
        if len(self.stack) == 1:
            self.section = None
        self.place(done)

    def refuse(self, message: str, fix: str, mark: yaml.Mark) -> None:
        self.refused += 1
        line, column = mark.line + 1, mark.column + 1
        self.problems.append(Problem(message, fix, self.file, line, column))
        if self.refused >= MAX_REPORTED:
            self.problems.append(
                Problem(
                    f"stopped reading after {MAX_REPORTED} such problems",
                    "fix these first",
                    self.file,
                    line,
                    column,
                )
            )
            raise _Stop

    def hold(self, mark: yaml.Mark) -> None:
        """Count a new node, noting where a streamed entry starts; refuse past MAX_HELD."""
        if self.section is not None and len(self.stack) == 2:
            parent = self.stack[1]
            if isinstance(parent, SeqNode) or self.pending_keys[1] is None:
                self.entry_start = self.held
        self.held += 1
        if self.held > MAX_HELD:
            self.problems.append(
                Problem(
                    f"more than {MAX_HELD} values in one entry",
                    "an entry of a store holds a few dozen: is this file a store?",
                    self.file,
                    mark.line + 1,
                    mark.column + 1,
                )
            )
            raise _Stop

    def place(self, node: Node) -> None:
        """Put a finished node into its parent, or hand a finished streamed entry on."""
        stack = self.stack
        section = self.section
        if section is None or len(stack) != 2:
            _attach(node, stack, self.pending_keys, self.problems, self.file)
            if not stack:
                self.root = node
            return
        pending_keys = self.pending_keys
        if isinstance(stack[1], MapNode) and pending_keys[1] is None:
            pending_keys[1] = _key(node, self.problems, self.file)
            return
        key = pending_keys[1]
        pending_keys[1] = None
        self.held = self.entry_start
        if key is not None:
            first = self.seen.get(key.text)
            if first is not None:
                self.problems.append(_duplicate(key, first, self.file))
                return
            self.seen[key.text] = key.line
        self.sink(section, key, node)


def _attach(
    node: Node,
    stack: list[MapNode | SeqNode],
    pending_keys: list[Scalar | None],
    problems: list[Problem],
    file: str,
) -> None:
    """Put a finished node into its parent: as a key, a value, or a sequence item."""
    if not stack:
        return
    parent = stack[-1]
    if isinstance(parent, SeqNode):
        parent.items.append(node)
        return
    key = pending_keys[-1]
    if key is None:
        pending_keys[-1] = _key(node, problems, file)
        return
    pending_keys[-1] = None
    previous = parent.items.get(key.text)
    if previous is not None:
        problems.append(_duplicate(key, previous[0].line, file))
        return
    parent.items[key.text] = (key, node)


def _key(node: Node, problems: list[Problem], file: str) -> Scalar:
    """A mapping key: a scalar, or a stand-in for a list or mapping used as a key."""
    if isinstance(node, Scalar):
        return node
    problems.append(
        Problem(
            "a key that is a list or a mapping",
            "keys are plain names such as 'title'",
            file,
            node.line,
            node.column,
        )
    )
    return Scalar("?", node.line, node.column, False)


def _duplicate(key: Scalar, first_line: int, file: str) -> Problem:
    return Problem(
        f"key '{key.text}' appears twice in this mapping (first at line {first_line})",
        "keep one of them",
        file,
        key.line,
        key.column,
    )


def _syntax_problem(error: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    what = error.problem or error.context or "not valid YAML"
    fix = "fix the YAML syntax"
    context = re.sub(r"^while (parsing|scanning) (an? )?", "", error.context or "")
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        what += " (a tab)"
        fix = "indent with spaces, not tabs"
    elif error.context_mark is not None and error.context_mark is not mark and context:
        fix = f"check the {context} that starts at line {error.context_mark.line + 1}"
        if "escape" in what:
            fix += ": write a backslash as \\\\, or use single quotes"
        elif "flow" in context or "quoted" in context:
            fix += ": is a bracket or quote left open?"
    return Problem(f"not valid YAML: {what}", fix, file, line, column)
