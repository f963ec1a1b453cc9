"""The layers hold: the core, the store and serialization never reach the terminal's
libraries, on the import graph (imports inside functions included, type-only ones aside)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dealtimeline"
TERMINAL = {"typer", "click", "rich", "textual"}


def _module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    """Every module an import statement names, wherever it stands, but under
    `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_only(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: len(module.split(".")) - node.level + is_package]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))


def import_graph(package: Path) -> dict[str, set[str]]:
    """Each module of the package, to the modules its source imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        name = _module_name(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set(_imports(tree, name, path.name == "__init__.py"))
    return graph


def reached(graph: dict[str, set[str]], start: str) -> set[str]:
    """The top-level names of the outside packages that importing `start` can load."""
    outside: set[str] = set()
    seen = {start}
    todo = [start]
    while todo:
        for name in graph.get(todo.pop(), ()):
            parents = [".".join(name.split(".")[:n]) for n in range(1, name.count(".") + 2)]
            inside = [p for p in parents if p in graph]
            if not inside and not name.startswith(PACKAGE.name):
                outside.add(name.split(".")[0])
            for module in inside:
                if module not in seen:
                    seen.add(module)
                    todo.append(module)
    return outside


GRAPH = import_graph(PACKAGE)
LOWER_LAYERS = sorted(
    name
    for name in GRAPH
    if name.split(".")[1:2] and name.split(".")[1] in ("core", "store", "serialize", "web")
)


@pytest.mark.parametrize("module", LOWER_LAYERS)
def test_the_lower_layers_never_reach_the_terminal(module: str) -> None:
    assert reached(GRAPH, module) & TERMINAL == set()


def test_the_check_sees_an_import_inside_a_function_and_through_another_module(
    tmp_path: Path,
) -> None:
    package = tmp_path / "pkg"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "core" / "__init__.py").write_text("")
    (package / "core" / "a.py").write_text("from . import b\n")
    (package / "core" / "b.py").write_text("def f():\n    from ..render import c\n")
    (package / "render.py").write_text("import yaml\nif TYPE_CHECKING:\n    import click\n")
    (package / "c.py").write_text("")
    graph = import_graph(package)
    assert reached(graph, "pkg.core.a") == {"yaml"}
    (package / "render.py").write_text("import rich.console\n")
    assert reached(import_graph(package), "pkg.core.a") == {"rich"}


def test_the_package_top_level_keeps_at_most_six_modules() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    assert len(top) <= 6
