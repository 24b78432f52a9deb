"""The protocol the host speaks with the runner (sandbox/runner/runner.py), named once on this side.

A frame is a JSON header line, then the raw payload bytes it announces. The runner, a stdlib-only file
copied into the images, spells the same names as literals; tests/sandbox/test_protocol.py checks that
the two agree on every one. See the runner's docstring for what each frame means.
"""

from __future__ import annotations

from typing import Final

# -- ops: the "op" of a frame ----------------------------------------------------------------------
OP: Final = "op"
# host -> runner
OP_FILES: Final = "files"  # the submission's sources, written to /box; the runner replies {"ok": true}
OP_PREPARE: Final = "prepare"  # start the fork server ahead of the first step; no reply
OP_EXEC: Final = "exec"  # run one step; the runner replies with a result header
OP_STDIN: Final = "stdin"  # while a streaming exec runs: bytes for the program's stdin
OP_CLOSE: Final = "close"  # ... close the program's stdin
OP_KILL: Final = "kill"  # ... stop the program
STREAM_OPS: Final = (OP_STDIN, OP_CLOSE, OP_KILL)
# runner -> host, while a streaming exec runs
OP_STDOUT: Final = "stdout"  # bytes the program wrote
OP_EOF: Final = "eof"  # the program's stdout has closed
HOST_OPS: Final = (OP_FILES, OP_PREPARE, OP_EXEC, *STREAM_OPS)
RUNNER_OPS: Final = (OP_STDOUT, OP_EOF)

# -- phases of an exec -----------------------------------------------------------------------------
PHASE_COMPILE: Final = "compile"
PHASE_RUN: Final = "run"

# -- fields of host -> runner frames ---------------------------------------------------------------
FILES: Final = "files"  # [{"name", "size"}, ...] of OP_FILES, or an exec's extra files
NAME: Final = "name"
SIZE: Final = "size"  # a frame's payload size, or one file's
FORKSERVER: Final = "forkserver"  # the step is the language's own: its fork server runs it
ENV: Final = "env"
STACK_KB: Final = "stack_kb"
PHASE: Final = "phase"
ARGV: Final = "argv"
STDIN_SIZE: Final = "stdin_size"
TIME_MS: Final = "time_ms"
WALL_MS: Final = "wall_ms"
MEMORY_KB: Final = "memory_kb"
OUTPUT_BYTES: Final = "output_bytes"
NPROC: Final = "nproc"
NONCE: Final = "nonce"  # echoed in every reply to the exec: a forged reply would have to guess it
COLLECT: Final = "collect"  # names of feedback files to send back
COLLECT_BYTES: Final = "collect_bytes"
STREAM: Final = "stream"  # relay the program's stdin and stdout while it runs
EXEC_FIELDS: Final = (
    PHASE,
    ARGV,
    ENV,
    STDIN_SIZE,
    TIME_MS,
    WALL_MS,
    MEMORY_KB,
    OUTPUT_BYTES,
    STACK_KB,
    NPROC,
    NONCE,
    FORKSERVER,
    FILES,
    COLLECT,
    COLLECT_BYTES,
    STREAM,
)

# -- fields of runner -> host frames ---------------------------------------------------------------
READY: Final = "ready"  # the runner's first frame, once it can take requests (with its PID)
PID: Final = "pid"
OK: Final = "ok"  # the reply to OP_FILES
OUTCOME: Final = "outcome"  # one of sandbox.types.Outcome's values
EXIT_CODE: Final = "exit_code"
SIGNAL: Final = "signal"
REASON: Final = "reason"
STDOUT_SIZE: Final = "stdout_size"
STDERR_SIZE: Final = "stderr_size"
COLLECTED: Final = "collected"  # [{"name", "size"}, ...] of the files that follow stdout and stderr
RESULT_FIELDS: Final = (
    OUTCOME,
    EXIT_CODE,
    SIGNAL,
    TIME_MS,
    WALL_MS,
    MEMORY_KB,
    REASON,
    NONCE,
    STDOUT_SIZE,
    STDERR_SIZE,
    COLLECTED,
)
