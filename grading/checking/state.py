"""A Kattis validator's feedback directory kept from one run to the next (multi-pass problems: the
validator may leave itself notes between passes).

The sandbox gives every run a fresh feedback directory and brings back only the files named, so the
validator's run command is wrapped: the previous run's directory, sent in as one archive among its
files, is unpacked into the new one first; afterwards the whole directory is packed into one archive
that comes back with the feedback files. `nextpass.in` is not carried over: each pass makes its own.
"""

from __future__ import annotations

import dataclasses

from grading.checking.checkers import CheckerProgram
from sandbox.languages.base import SCRATCH
from sandbox.types import EXEC_FILES_DIR, FEEDBACK_DIR, SourceFile

STATE = "feedback-state.tar"
NEXT_PASS = "nextpass.in"  # noqa: S105 - a file name
_WRAPPER = (
    f"if [ -f {EXEC_FILES_DIR}/{STATE} ]; then tar -xf {EXEC_FILES_DIR}/{STATE} -C {FEEDBACK_DIR}; fi; "
    f"rm -f {FEEDBACK_DIR}/{NEXT_PASS} {FEEDBACK_DIR}/{STATE}; "
    '"$@"; code=$?; '
    f"tar -cf {SCRATCH}/{STATE} -C {FEEDBACK_DIR} . 2>/dev/null "
    f"&& mv {SCRATCH}/{STATE} {FEEDBACK_DIR}/{STATE}; "
    "exit $code"
)


def keeping_feedback(program: CheckerProgram) -> CheckerProgram:
    """The program with its run command wrapped so that its feedback directory can be carried over."""
    language = program.language
    run = ("sh", "-c", _WRAPPER, "sh", *language.run)
    return CheckerProgram(dataclasses.replace(language, run=run, forkserver=False), program.sources)


def pass_files(state: bytes) -> list[SourceFile]:
    return [SourceFile(STATE, state)] if state else []
