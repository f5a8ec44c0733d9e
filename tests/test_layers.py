"""The house plan holds: imports run only downwards through the layers, and never in a circle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from innocast.layers import LAYERS

ROOT = Path(__file__).resolve().parent.parent
LAYER_OF = {package: n for n, layer in enumerate(LAYERS) for package in layer}


def _modules() -> dict[str, Path]:
    """Every module of every layered package, by dotted name."""
    modules = {}
    for package in LAYER_OF:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def _imports(path: Path) -> Iterator[str]:
    """The absolute imports anywhere in a module, inside functions too."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {imported for imported in _imports(path) if imported in modules} - {name}
        for name, path in modules.items()
    }


def test_every_package_has_a_layer() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert packages == set(LAYER_OF)


def test_imports_run_only_to_lower_layers() -> None:
    upward = [
        f"{name} imports {imported}"
        for name, imported_set in _graph().items()
        for imported in imported_set
        if (here := name.split(".")[0]) != (there := imported.split(".")[0])
        and LAYER_OF[there] >= LAYER_OF[here]
    ]
    assert upward == []


def test_no_modules_import_each_other() -> None:
    graph = _graph()
    cycles = []
    for start in graph:
        # Depth-first from each module: a path back to it is a circle of imports.
        stack, seen = [(start, (start,))], set()
        while stack:
            name, path = stack.pop()
            for imported in graph[name]:
                if imported == start:
                    cycles.append(" -> ".join((*path, start)))
                elif imported not in seen:
                    seen.add(imported)
                    stack.append((imported, (*path, imported)))
    assert cycles == []
