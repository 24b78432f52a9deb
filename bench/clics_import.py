"""Import of a generated CLICS event feed (2023-06): 1,000 teams, 12 problems, 20,000 submissions, each
with a judgement (every twentieth judged twice, as a rejudge), into a fresh SQLite database.

`import_s` is the wall time of `manage.py import_contest FEED` (a whole process, start-up included);
`reimport_s` imports the same feed again (nothing changes). Target: import_s <= 30.
`measure()` is what bench/scoreboard.py calls; alone it prints one JSON line:

    .venv/bin/python -m bench.clics_import [--submissions 20000] [--teams 1000] [--problems 12]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.stack import PYTHON, ROOT

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DURATION = timedelta(hours=5)
VERDICTS = ["AC", "WA", "WA", "TLE", "RTE", "CE", "AC"]


def _t(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _rel(delta: timedelta) -> str:
    ms = int(delta.total_seconds() * 1000)
    return f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def generate_feed(path: Path, *, submissions: int = 20_000, teams: int = 1000, problems: int = 12) -> None:
    rng = random.Random(14)
    events: list[dict[str, Any]] = []

    def add(kind: str, object_id: str | None, data: Any) -> None:
        events.append({"type": kind, "id": object_id, "data": data, "token": str(len(events) + 1)})

    add(
        "contest",
        None,
        {
            "id": "bench-clics",
            "name": "Bench",
            "start_time": _t(START),
            "duration": "5:00:00.000",
            "scoreboard_freeze_duration": "1:00:00.000",
            "scoreboard_type": "pass-fail",
            "penalty_time": 20,
        },
    )
    kinds = [("AC", True, False), ("WA", False, True), ("TLE", False, True), ("RTE", False, True)]
    kinds.append(("CE", False, False))
    add("judgement-types", None, [{"id": i, "name": i, "solved": s, "penalty": p} for i, s, p in kinds])
    add(
        "languages", None, [{"id": "cpp", "name": "C++", "entry_point_required": False, "extensions": ["cc"]}]
    )
    for p in range(problems):
        pid = f"bench-p{p:02d}"
        add(
            "problems",
            pid,
            {"id": pid, "label": chr(65 + p), "name": f"P{p}", "ordinal": p, "test_data_count": 1},
        )
    add("groups", "g", {"id": "g", "name": "Everyone"})
    add("organizations", "o", {"id": "o", "name": "Org"})
    for team in range(teams):
        tid = f"t{team}"
        add(
            "teams",
            tid,
            {"id": tid, "label": tid, "name": f"Team {team}", "organization_id": "o", "group_ids": ["g"]},
        )
    offsets = sorted(
        rng.randrange(1000, int(DURATION.total_seconds() * 1000) - 10_000) for _ in range(submissions)
    )
    for index, offset in enumerate(offsets):
        sid = f"s{index}"
        at = START + timedelta(milliseconds=offset)
        add(
            "submissions",
            sid,
            {
                "id": sid,
                "language_id": "cpp",
                "problem_id": f"bench-p{rng.randrange(problems):02d}",
                "team_id": f"t{rng.randrange(teams)}",
                "time": _t(at),
                "contest_time": _rel(at - START),
                "files": [
                    {"href": f"contests/bench-clics/submissions/{sid}/files", "mime": "application/zip"}
                ],
            },
        )
        for rejudge in range(2 if index % 20 == 0 else 1):
            jid = f"j{index}-{rejudge}"
            begin, end = at + timedelta(seconds=1 + rejudge * 60), at + timedelta(seconds=3 + rejudge * 60)
            add(
                "judgements",
                jid,
                {
                    "id": jid,
                    "submission_id": sid,
                    "judgement_type_id": rng.choice(VERDICTS),
                    "start_time": _t(begin),
                    "start_contest_time": _rel(begin - START),
                    "end_time": _t(end),
                    "end_contest_time": _rel(end - START),
                },
            )
    end = START + DURATION
    state = {"started": _t(START), "frozen": _t(end - timedelta(hours=1)), "ended": _t(end)}
    add("state", None, {**state, "thawed": None, "finalized": None, "end_of_updates": None})
    with path.open("w") as out:
        out.writelines(json.dumps(event, separators=(",", ":")) + "\n" for event in events)


def _manage(env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.monotonic() - started


def measure(*, submissions: int = 20_000, teams: int = 1000, problems: int = 12) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-clics-") as tmp:
        feed = Path(tmp) / "event-feed.ndjson"
        generate_feed(feed, submissions=submissions, teams=teams, problems=problems)
        env = {**os.environ, "RCE_VAR_DIR": tmp}
        _manage(env, "migrate", "--no-input")
        import_s = _manage(env, "import_contest", str(feed))
        reimport_s = _manage(env, "import_contest", str(feed))
    return {
        "import_s": round(import_s, 2),
        "reimport_s": round(reimport_s, 2),
        "import_submissions": submissions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--problems", type=int, default=12)
    args = parser.parse_args(argv)
    print(json.dumps(measure(submissions=args.submissions, teams=args.teams, problems=args.problems)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
