"""The shape of the code: the core is UI-free, its packages import only downwards, no cycles.

Imports are read from the source (every `import` statement, those inside functions and
`TYPE_CHECKING` blocks included), so a cycle or an upward arrow hidden in a function body
fails here rather than in a maintainer's head. docs/ARCHITECTURE.md draws the same layers.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "reader"

#: The core's layers, lowest first: a module may import its own layer and those below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("models", "paths", "versions", "atomic", "settings"),
    ("ingest",),
    ("navigation",),
    ("cleaning",),
    ("entities",),
    ("search",),
    ("storage",),
    ("library",),
    ("session",),
)
_RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The reader modules that `name` imports anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            # `from reader.core.search import index` imports the module reader.core.search.index
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        out.update(t for t in targets if t.split(".")[0] == "reader" and t in MODULES)
    out.discard(name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[:2] != ["reader", "core"] or len(parts) < 3:
        return None
    return _RANK.get(parts[2])


def test_every_core_module_has_a_layer() -> None:
    unplaced = [m for m in MODULES if m.startswith("reader.core.") and _layer(m) is None]
    assert unplaced == [], "add these to LAYERS (and to docs/ARCHITECTURE.md)"


def test_core_packages_import_only_their_own_layer_or_lower() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if (rank := _layer(module)) is not None
        for target in targets
        if (_layer(target) if target.startswith("reader.core.") else 99) > rank
    ]
    assert upward == []


def test_no_import_cycles_not_even_inside_functions() -> None:
    cycles = _cycles(GRAPH)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_a_cycle_hidden_in_a_function_is_found(tmp_path: Path) -> None:
    """The checks above would pass vacuously if imports in function bodies were not read."""
    path = tmp_path / "mod.py"
    path.write_text("def f():\n    from reader.core.models import Article\n", encoding="utf-8")
    assert "reader.core.models" in _imports("reader.core.session", path)
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("entry", ["reader.core", "reader.cli"])
def test_the_core_and_the_cli_pull_in_neither_textual_nor_rich(entry: str) -> None:
    code = (
        "import sys, pkgutil, importlib, reader.core\n"
        f"import {entry}\n"
        "names = [m.name for m in pkgutil.walk_packages(reader.core.__path__, 'reader.core.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in {'textual', 'rich'})\n"
        "print(len(names), ','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    walked, bad = result.stdout.split(" ", 1)
    assert int(walked) > 30  # every module of every subpackage was imported
    assert bad.strip() == ""
