"""Name resolution for the Python analyser.

Rules ask "what does this expression refer to?" rather than "what is it spelled like?", so
``import os as o; o.system(...)``, ``from os import system as s`` and
``getattr(__import__('os'), 'system')`` all resolve to ``os.system``. The resolution is
flow-insensitive on purpose: a screening tool should over-approximate, and sources are small.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

# Names that resolve to themselves; any other unbound name is a local of the submission.
_BUILTINS = frozenset(dir(builtins)) | {"__builtins__"}
LOCAL = "<local>."

# Calls whose result is a decoded payload; feeding one to exec/eval is how obfuscated
# programs smuggle code past a reviewer.
DECODE_FUNCTIONS = frozenset(
    {
        "b64decode",
        "b32decode",
        "b16decode",
        "b85decode",
        "a85decode",
        "standard_b64decode",
        "urlsafe_b64decode",
        "decodebytes",
        "decodestring",
        "a2b_base64",
        "a2b_hex",
        "unhexlify",
        "fromhex",
        "decompress",
        "loads",
        "decode",
        "chr",
    }
)

_DYNAMIC_IMPORTS = frozenset({"__import__", "importlib.import_module"})
_NAMESPACE_CALLS = frozenset({"globals", "locals", "vars"})


def dotted_prefixes(name: str) -> list[str]:
    """``a.b.c`` -> ``["a", "a.b"]``: the modules a qualified name lies inside."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


@dataclass(frozen=True)
class NameSet:
    """Fully qualified names: the ``exact`` ones and everything inside ``modules``."""

    exact: frozenset[str] = frozenset()
    modules: frozenset[str] = frozenset()

    def matches(self, name: str) -> bool:
        if name in self.exact or name in self.modules:
            return True
        return any(prefix in self.modules for prefix in dotted_prefixes(name))


def _const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _normalise(name: str) -> str:
    # ``__builtins__.eval`` and ``builtins.eval`` are just ``eval``.
    if "builtins" not in name:
        return name
    for prefix in ("__builtins__.", "builtins."):
        while name.startswith(prefix):
            name = name[len(prefix) :]
    return name


class PyScope:
    """Import aliases, star imports and decoded-payload names of one module."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}
        self.star_modules: list[str] = []
        self.decoded_names: set[str] = set()
        # Cleared by the analyser when no decode function is named anywhere in the source,
        # which spares re-walking every assigned expression.
        self.may_decode = True
        self._resolved: dict[int, tuple[str, ...]] = {}

    def add_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    self.aliases[top] = top
            return
        # Relative imports name the submission's own modules, which cannot exist here.
        if node.level or not node.module:
            return
        for alias in node.names:
            if alias.name == "*":
                self.star_modules.append(node.module)
            else:
                self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def add_assignment(self, target: ast.AST, value: ast.AST) -> None:
        """Follow ``s = os.system`` and remember names bound to decoded payloads."""
        if not isinstance(target, ast.Name):
            return
        if self.may_decode and self.contains_decode(value):
            self.decoded_names.add(target.id)
        resolved = [name for name in self.resolve(value) if not name.startswith(LOCAL)]
        if resolved and resolved[0] != target.id:
            self.aliases[target.id] = resolved[0]

    def name_candidates(self, name: str) -> tuple[str, ...]:
        if name in self.aliases:
            return (self.aliases[name],)
        first = name if name in _BUILTINS else LOCAL + name
        return (first, *(f"{module}.{name}" for module in self.star_modules))

    def forget_resolutions(self) -> None:
        """Drop cached resolutions made while aliases were still being collected."""
        self._resolved.clear()

    def resolve(self, node: ast.AST) -> tuple[str, ...]:
        """Every fully qualified name ``node`` may denote; empty when unknown."""
        if type(node) is ast.Name:
            # Most nodes are plain names; they are cheap enough not to be worth caching.
            return self._resolve_name(node.id)
        key = id(node)
        cached = self._resolved.get(key)
        if cached is None:
            cached = self._resolved[key] = self._resolve(node)
        return cached

    def _resolve(self, node: ast.AST) -> tuple[str, ...]:
        attrs: list[str] = []
        while isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            bases = self.name_candidates(node.id)
        elif isinstance(node, ast.Call):
            bases = self._resolve_call(node)
        elif isinstance(node, ast.Subscript):
            bases = self._resolve_subscript(node)
        else:
            return ()
        suffix = "".join("." + attr for attr in reversed(attrs))
        return tuple(_normalise(base + suffix) for base in bases)

    def _resolve_name(self, name: str) -> tuple[str, ...]:
        target = self.aliases.get(name)
        if target is not None:
            return (_normalise(target),)
        if not self.star_modules:
            return (name,) if name in _BUILTINS else (LOCAL + name,)
        return tuple(_normalise(n) for n in self.name_candidates(name))

    def _resolve_call(self, node: ast.Call) -> tuple[str, ...]:
        """``__import__('os')``, ``import_module('os')`` and ``getattr(x, 'name')``."""
        funcs = self.resolve(node.func)
        first = _const_str(node.args[0]) if node.args else None
        if first is not None and any(f in _DYNAMIC_IMPORTS for f in funcs):
            return (first,)
        if "getattr" in funcs and len(node.args) >= 2:
            attr = _const_str(node.args[1])
            if attr is not None:
                return tuple(f"{base}.{attr}" for base in self.resolve(node.args[0]))
        return ()

    def _resolve_subscript(self, node: ast.Subscript) -> tuple[str, ...]:
        """``globals()['x']``, ``vars(m)['x']``, ``m.__dict__['x']`` and ``sys.modules['m']``."""
        key = _const_str(node.slice)
        if key is None:
            return ()
        value = node.value
        if isinstance(value, ast.Call):
            funcs = self.resolve(value.func)
            if any(f in _NAMESPACE_CALLS for f in funcs):
                if value.args:
                    return tuple(f"{base}.{key}" for base in self.resolve(value.args[0]))
                return (key,)
        if isinstance(value, ast.Attribute) and value.attr == "__dict__":
            return tuple(_normalise(f"{base}.{key}") for base in self.resolve(value.value))
        if any(base in ("sys.modules", "__builtins__") for base in self.resolve(value)):
            return (_normalise(key),)
        return ()

    def is_decode_call(self, node: ast.AST) -> bool:
        if not isinstance(node, ast.Call):
            return False
        if isinstance(node.func, ast.Attribute) and node.func.attr in DECODE_FUNCTIONS:
            return True
        return any(name.rsplit(".", 1)[-1] in DECODE_FUNCTIONS for name in self.resolve(node.func))

    def contains_decode(self, node: ast.AST) -> bool:
        """Whether ``node`` decodes something or uses a name bound to a decoded payload."""
        for sub in ast.walk(node):
            if self.is_decode_call(sub):
                return True
            if isinstance(sub, ast.Name) and sub.id in self.decoded_names:
                return True
        return False
