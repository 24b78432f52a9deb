from __future__ import annotations

from dataclasses import dataclass, field

# The sandbox's scratch tmpfs (inside the container, not the host's /tmp): writable, noexec, emptied
# before every run. Compilers keep caches and temporary files there; their output goes to /box.
SCRATCH = "/tmp"  # noqa: S108


@dataclass(frozen=True)
class Language:
    """One language: how to compile and run a single-file program inside a sandbox image.

    Paths in argv are relative to the working directory `/box`, where the source and anything the
    compiler writes live. `{memory_mb}` in an argv element is replaced with the memory limit, for
    runtimes that size their own heap.
    """

    key: str
    name: str
    image: str
    source_name: str
    extensions: tuple[str, ...]
    run: tuple[str, ...]
    version: tuple[str, ...]
    self_test: str
    compile: tuple[str, ...] | None = None
    env: dict[str, str] = field(default_factory=dict)
    # Memory the runtime needs beyond the program's own data (JVM metaspace and code cache, a mapped
    # Lisp core, V8's heap bookkeeping): added to the container's memory, not to the program's limit.
    memory_allowance_kb: int = 0
    # Compile and run by forking a python3 that the sandbox started once (sandbox/runner/forkserver.py)
    # rather than starting one per step; only for `python3 [-I] [-S] [-B] SCRIPT|-m MODULE|-c CODE`.
    forkserver: bool = False
    # Programs of several files: every source of the language is named on the compile command line
    # (in place of `source_name`), rather than found by the compiler from the main one.
    compile_all: bool = False
    # How the class to run is found from the sources (sandbox/languages/entrypoints.py): "java",
    # "kotlin" or "scala"; the last element of `run` is the class run when none is found.
    entry_point: str = ""

    def format_argv(self, argv: tuple[str, ...], memory_kb: int) -> list[str]:
        return [a.replace("{memory_mb}", str(max(16, memory_kb // 1024))) for a in argv]
