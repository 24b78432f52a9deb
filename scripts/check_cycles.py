"""Fail when any two of the project's modules import each other, directly or through others.

import-linter's layers keep the arrows between apps pointing one way; this keeps them one way
between modules too (an import inside a function counts: it is an arrow all the same). A package's
own __init__ importing its submodules is not a cycle worth breaking, so those imports are left out.
Prints each cycle as a chain of modules and exits 1, or prints a one-line summary and exits 0.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The packages the import contracts cover (pyproject.toml), so that a new app is checked by both.
ROOT_PACKAGES = tuple(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)


def _is_package_init_import(importer: str, imported: str) -> bool:
    return imported.startswith(importer + ".")


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components of more than one module (or a self-import)."""
    edges = {
        module: sorted(
            imported
            for imported in graph.find_modules_directly_imported_by(module)
            if imported in graph.modules and not _is_package_init_import(module, imported)
        )
        for module in sorted(graph.modules)
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = edges[node]
            if child < len(successors):
                work.append((node, child + 1))
                nxt = successors[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    components.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def main() -> int:
    graph = grimp.build_graph(*ROOT_PACKAGES, cache_dir=None)
    cycles = strongly_connected(graph)
    for component in cycles:
        first = component[0]
        chain = [first]
        # One concrete loop through the component, for the message.
        for other in component[1:]:
            path = graph.find_shortest_chain(importer=first, imported=other)
            back = graph.find_shortest_chain(importer=other, imported=first)
            if path and back:
                chain = [*path, *back[1:]]
                break
        print("import cycle: " + " -> ".join(chain), file=sys.stderr)
        print("  modules in it: " + ", ".join(component), file=sys.stderr)
    if cycles:
        print(f"{len(cycles)} import cycle(s) between modules: break them.", file=sys.stderr)
        return 1
    print(f"No import cycles between {len(graph.modules)} modules.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
