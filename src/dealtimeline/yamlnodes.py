"""Safe YAML reading: text to a tree of nodes that keep their line and column.

libyaml (when present) only tokenises; the tree is built here, without recursion, so that
anchors, aliases, tags, duplicate keys and deep nesting are refused with their position
before anything walks the data. Nothing is ever constructed from a tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from dealtimeline.errors import Problem

MAX_DEPTH = 32
MAX_REPORTED = 20

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


ItemSink = Callable[[Node], None]


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
    for match in _FORBIDDEN.finditer(text):
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
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def compose(
    text: str,
    file: str,
    problems: list[Problem],
    stream_key: str | None = None,
    sink: ItemSink | None = None,
) -> Node | None:
    """The document's tree, or None when it cannot be built; problems are appended.

    Items of the top-level sequence under `stream_key` go to `sink` as soon as they are
    complete instead of staying in the tree, so a large store is never held twice.
    """
    parser = _PARSER(text)
    try:
        return _build(parser, file, problems, stream_key, sink)
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


def _build(
    parser: yaml.SafeLoader,
    file: str,
    problems: list[Problem],
    stream_key: str | None,
    sink: ItemSink | None,
) -> Node | None:
    stack: list[MapNode | SeqNode] = []
    pending_keys: list[Scalar | None] = []
    root: Node | None = None
    documents = 0
    streaming = False

    refused = 0

    def refuse(message: str, fix: str, mark: yaml.Mark) -> None:
        nonlocal refused
        refused += 1
        problems.append(Problem(message, fix, file, mark.line + 1, mark.column + 1))
        if refused >= MAX_REPORTED:
            problems.append(
                Problem(
                    f"stopped reading after {MAX_REPORTED} such problems",
                    "fix these first",
                    file,
                    mark.line + 1,
                    mark.column + 1,
                )
            )
            raise _Stop

    while True:
        event = parser.get_event()  # type: ignore[no-untyped-call]
        kind = type(event)
        if kind is yaml.StreamEndEvent:
            break
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                refuse(
                    "a second YAML document",
                    "a store is one document: remove the '---' and what follows",
                    event.start_mark,
                )
                return None
            continue
        if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
            continue
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            done = stack.pop()
            pending_keys.pop()
            if streaming and len(stack) == 2 and sink is not None:
                sink(done)
                continue
            if streaming and len(stack) == 1:
                streaming = False
            _attach(done, stack, pending_keys, problems, file)
            if not stack:
                root = done
            continue
        mark = event.start_mark
        if kind is yaml.AliasEvent:
            refuse(
                f"alias '*{event.anchor}'",
                "a store has no use for anchors and aliases: write the value out",
                mark,
            )
            node: Node = Scalar("", mark.line + 1, mark.column + 1, False)
        else:
            if event.anchor is not None:
                refuse(
                    f"anchor '&{event.anchor}'",
                    "a store has no use for anchors and aliases: remove it",
                    mark,
                )
            tag = event.tag
            if tag is not None and tag != "!":
                if "python" in tag:
                    refuse(
                        f"tag '{tag}' asks for a Python object",
                        "refused and never run: remove the tag",
                        mark,
                    )
                else:
                    refuse(f"tag '{tag}'", "a store uses plain YAML: remove the tag", mark)
            if kind is yaml.ScalarEvent:
                node = Scalar(
                    event.value,
                    mark.line + 1,
                    mark.column + 1,
                    not event.style and tag is None,
                )
            else:
                if len(stack) >= MAX_DEPTH:
                    refuse(
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "a store needs at most 6: flatten this value",
                        mark,
                    )
                    return None
                collection: MapNode | SeqNode = (
                    MapNode(mark.line + 1, mark.column + 1)
                    if kind is yaml.MappingStartEvent
                    else SeqNode(mark.line + 1, mark.column + 1)
                )
                if (
                    sink is not None
                    and len(stack) == 1
                    and isinstance(collection, SeqNode)
                    and pending_keys[0] is not None
                    and pending_keys[0].text == stream_key
                ):
                    streaming = True
                stack.append(collection)
                pending_keys.append(None)
                continue
        if streaming and len(stack) == 2 and sink is not None:
            sink(node)
            continue
        _attach(node, stack, pending_keys, problems, file)
        if not stack:
            root = node
    return root


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
        if not isinstance(node, Scalar):
            problems.append(
                Problem(
                    "a key that is a list or a mapping",
                    "keys are plain names such as 'title'",
                    file,
                    node.line,
                    node.column,
                )
            )
            node = Scalar("?", node.line, node.column, False)
        pending_keys[-1] = node
        return
    pending_keys[-1] = None
    previous = parent.items.get(key.text)
    if previous is not None:
        problems.append(
            Problem(
                f"key '{key.text}' appears twice in this mapping (first at line "
                f"{previous[0].line})",
                "keep one of them",
                file,
                key.line,
                key.column,
            )
        )
        return
    parent.items[key.text] = (key, node)


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
        if "flow" in context or "quoted" in context:
            fix += ": is a bracket or quote left open?"
    return Problem(f"not valid YAML: {what}", fix, file, line, column)
