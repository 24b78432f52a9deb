"""DOMjudge's additions to a Kattis package: `domjudge-problem.ini` (`key = value` lines, values
optionally quoted) and the older `.timelimit` file; both give the time limit in seconds."""

from __future__ import annotations

from problems.packages.archive import PackageFiles

INI = "domjudge-problem.ini"
TIMELIMIT = ".timelimit"


def domjudge_ini(files: PackageFiles) -> dict[str, str]:
    if not files.has(INI):
        return {}
    values: dict[str, str] = {}
    for line in files.read_text(INI).splitlines():
        key, equals, value = line.partition("=")
        if not equals or line.lstrip().startswith((";", "#")):
            continue
        values[key.strip().lower()] = value.strip().strip("'\"")
    return values


def domjudge_time_limit(files: PackageFiles) -> float | None:
    """The time limit in seconds from `.timelimit` or `domjudge-problem.ini`, if either gives one."""
    source, text = TIMELIMIT, files.read_text(TIMELIMIT).strip() if files.has(TIMELIMIT) else None
    if text is None:
        source, text = INI, domjudge_ini(files).get("timelimit")
    if text is None:
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise files.error("the time limit must be a number of seconds", source) from exc
