"""The modules of vbhc import one another without a circle (the arrows go one way).

The graph has the imports a module runs when it is imported: its top-level imports, not those
under ``if TYPE_CHECKING:`` nor the deferred ones inside functions.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import vbhc

ROOT = Path(vbhc.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.If | ast.Try):
            out += _top_level([*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", [])])
        else:
            out.append(node)
    return out


def _graph(*, deferred: bool = False) -> dict[str, set[str]]:
    """Module → the vbhc modules it imports; ``deferred`` adds the imports inside functions."""
    modules = {_module_name(p): p for p in ROOT.rglob("*.py") if p.name != "__main__.py"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree) if deferred else _top_level(tree.body):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                candidates = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [a.name for a in node.names]
            else:
                continue
            targets |= {c for c in candidates if c in modules and c != name}
        # a package's __init__ is imported before its submodules: that is not an arrow back
        graph[name] = {t for t in targets if not name.startswith(f"{t}.")}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    return next((found for node in sorted(graph) if node not in state and (found := visit(node))), None)


def test_every_module_imports():
    for name in sorted(_graph()):
        importlib.import_module(name)


def test_there_is_no_import_circle():
    assert _cycle(_graph()) is None


def test_the_cycle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


#: Layers that never import another (deferred imports too): (importing package, imported package).
FORBIDDEN = [
    ("vbhc.writers", "vbhc.sources"),  # the workflow loads the source and hands the model on
    ("vbhc.sources", "vbhc.writers"),
    ("vbhc.templating", "vbhc.sources"),
    ("vbhc.templating", "vbhc.writers"),
    ("vbhc.register", "vbhc.writers"),  # the store does not know its exports
    ("vbhc.register", "vbhc.workflows"),
    ("vbhc.report", "vbhc.writers"),
    ("vbhc.writers", "vbhc.workflows"),
    ("vbhc.model", "vbhc.sources"),  # the model is the centre: it reads no file and writes none
    ("vbhc.model", "vbhc.writers"),
    ("vbhc.text", "vbhc.sources"),
    ("vbhc.text", "vbhc.writers"),
    ("vbhc.ooxml", "vbhc.checker"),  # the package layer knows no rule
    ("vbhc.ooxml", "vbhc.writers"),
]


def test_arrows_go_one_way():
    graph = _graph(deferred=True)
    wrong = [
        (module, target)
        for module, targets in graph.items()
        for target in targets
        for source, forbidden in FORBIDDEN
        if (module == source or module.startswith(f"{source}."))
        and (target == forbidden or target.startswith(f"{forbidden}."))
    ]
    assert wrong == []
