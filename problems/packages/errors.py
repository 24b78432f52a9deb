from __future__ import annotations

from common.exceptions import ApplicationError


class PackageError(ApplicationError):
    """A package that cannot be used; the message names the problem and the offending file."""

    def __init__(self, message: str, *, problem: str = "", file: str = "") -> None:
        where = ": ".join(part for part in (f"problem {problem!r}" if problem else "", file) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.problem = problem
        self.file = file
