"""The runner (a stdlib-only file copied into the images) and the host agree on every name of the
protocol: read from the runner's source, no Docker needed."""

from __future__ import annotations

import ast
from pathlib import Path

from sandbox import protocol as p
from sandbox.types import Outcome

RUNNER = Path(p.__file__).parent / "runner" / "runner.py"
TREE = ast.parse(RUNNER.read_text())
HOST_FIELDS = {p.OP, p.SIZE, *p.EXEC_FIELDS}
RUNNER_FIELDS = {p.OP, p.SIZE, p.NAME, p.OK, p.READY, p.PID, *p.RESULT_FIELDS}


def _key(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_request(node: ast.AST) -> bool:
    """`req`, `step.req`: a request frame from the host."""
    return (isinstance(node, ast.Name) and node.id == "req") or (
        isinstance(node, ast.Attribute) and node.attr == "req"
    )


def _reads(name: str = "") -> set[str]:
    """Keys read with x["key"] or x.get("key"), from request frames or from a variable `name`."""
    keys: set[str] = set()
    for node in ast.walk(TREE):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            target, key = node.value, _key(node.slice)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            target, key = node.func.value, _key(node.args[0]) if node.args else None
        else:
            continue
        wanted = isinstance(target, ast.Name) and target.id == name if name else _is_request(target)
        if key is not None and wanted:
            keys.add(key)
    return keys


def _written_keys() -> set[str]:
    """Keys of the frames the runner sends: header["key"] = ..., and its dict literals of lowercase
    keys (the child's environment has upper-case ones)."""
    keys: set[str | None] = set()
    for node in ast.walk(TREE):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "header"
        ):
            keys.add(_key(node.slice))
        # Frames are dicts of values; the dispatch table maps ops to functions.
        if isinstance(node, ast.Dict) and not all(isinstance(v, ast.Name) for v in node.values):
            literal = [_key(k) for k in node.keys if k is not None]
            if literal and all(k is not None and k.islower() for k in literal):
                keys.update(k for k in literal if k is not None)
    return {k for k in keys if k is not None}


def _compared_with(subscript_key: str) -> set[str]:
    """Strings the runner compares a request's field with: req["op"] == "files", req["phase"] == ..."""
    values: set[str] = set()
    for node in ast.walk(TREE):
        if not isinstance(node, ast.Compare):
            continue
        left = node.left
        if isinstance(left, ast.Subscript) and _is_request(left.value) and _key(left.slice) == subscript_key:
            values.update(v for c in node.comparators if (v := _key(c)) is not None)
        if (
            isinstance(left, ast.Call)
            and isinstance(left.func, ast.Attribute)
            and left.func.attr == "get"
            and _is_request(left.func.value)
            and left.args
            and _key(left.args[0]) == subscript_key
        ):
            values.update(v for c in node.comparators if (v := _key(c)) is not None)
    return values


def _literals() -> set[str]:
    return {n.value for n in ast.walk(TREE) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _assigned(name: str) -> ast.expr:
    for node in TREE.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return node.value
    raise AssertionError(f"the runner assigns no {name}")


def test_it_reads_only_fields_the_host_sends():
    assert _reads() <= HOST_FIELDS
    # `header` is a frame read while a streaming exec runs, or the result the runner is writing.
    assert _reads(name="header") <= HOST_FIELDS | RUNNER_FIELDS
    assert _reads(name="item") <= {p.NAME, p.SIZE}


def test_it_sends_only_fields_the_host_knows():
    assert _written_keys() <= RUNNER_FIELDS | {p.NAME}


def test_every_name_of_the_host_is_spelled_in_the_runner():
    # The runner takes any op it does not know otherwise as an exec: OP_EXEC is the host's alone.
    names = {p.OP, *p.HOST_OPS, *p.RUNNER_OPS, p.PHASE_COMPILE, p.PHASE_RUN} - {p.OP_EXEC}
    names |= HOST_FIELDS | RUNNER_FIELDS | {p.NAME}
    assert names - _literals() == set()


def _handlers() -> dict[str, str]:
    """The runner's dispatch table: op -> the name of its handler."""
    table = _assigned("HANDLERS")
    assert isinstance(table, ast.Dict)
    return {
        key: value.id
        for k, value in zip(table.keys, table.values, strict=True)
        if k is not None and (key := _key(k)) is not None and isinstance(value, ast.Name)
    }


def test_ops_and_phases_agree():
    handlers = _handlers()
    # Every op the host sends has a handler; any other op is an exec, which the host sends as such.
    assert set(handlers) | {p.OP_EXEC} == set(p.HOST_OPS)
    assert {op for op, handler in handlers.items() if handler == "on_late_stream_frame"} == set(p.STREAM_OPS)
    assert _compared_with(p.PHASE) <= {p.PHASE_COMPILE, p.PHASE_RUN}


def test_outcomes_are_the_hosts():
    outcomes = set()
    for node in ast.walk(TREE):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "outcome" for t in node.targets
        ):
            outcomes.add(_key(node.value))
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is not None and _key(key) == p.OUTCOME:
                    outcomes.add(_key(value))
    assert outcomes and outcomes <= {o.value for o in Outcome}


def test_the_runner_stays_stdlib_only():
    imported: set[str] = set()
    for node in ast.walk(TREE):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= set(__import__("sys").stdlib_module_names) | {"__future__"}
