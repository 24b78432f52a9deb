"""`manage.py import_contest` against the real database: both formats, every layout, atomic on every
error (nothing half-imported), idempotent, and a re-import that follows the feed's changes."""

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Model

from contests.models import (
    Award,
    Clarification,
    Contest,
    ContestLanguage,
    ContestProblem,
    ContestSubmission,
    Group,
    JudgementType,
    Organization,
    ScoreboardRow,
    Team,
    TeamKind,
)
from problems.models import Problem

FEEDS = Path(__file__).parent / "feeds"
FEED_2023 = FEEDS / "mini-2023-06" / "event-feed.ndjson"
FEED_2022 = FEEDS / "mini-2022-07.ndjson"
MODELS: list[type[Model]] = [
    Contest,
    JudgementType,
    ContestLanguage,
    Problem,
    ContestProblem,
    Group,
    Organization,
    Team,
    Team.groups.through,
    ContestSubmission,
    Clarification,
    Award,
    Award.teams.through,
    ScoreboardRow,
]

pytestmark = pytest.mark.django_db


def run(path):
    out = io.StringIO()
    call_command("import_contest", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    """Every row of every model the import writes, as plain values."""
    return {
        model.__name__: sorted(
            (tuple(sorted((k, repr(v)) for k, v in row.items())) for row in model._default_manager.values()),
        )
        for model in MODELS
    }


def layout(tmp_path, source, kind):
    if kind == "file":
        return source
    if kind == "zip":
        path = tmp_path / "mini26.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mini26/event-feed.ndjson", source.read_bytes())
        return path
    directory = tmp_path / "mini26"
    directory.mkdir()
    shutil.copy(source, directory / "event-feed.ndjson")
    return directory


@pytest.mark.parametrize("kind", ["file", "directory", "zip"])
@pytest.mark.parametrize("source", [FEED_2023, FEED_2022], ids=["2023-06", "2022-07"])
def test_it_imports_the_whole_contest(tmp_path, source, kind):
    message = run(layout(tmp_path, source, kind))
    assert "created contest 'mini26'" in message
    contest = Contest.objects.get(slug="mini26")
    assert contest.clics_id == "mini26"
    assert contest.freeze_minutes == 60 and contest.penalty_minutes == 20 and contest.format == "icpc"
    assert contest.thawed_at is not None and contest.finalized_at is not None
    assert contest.end_of_updates_at is not None
    assert sorted(Team.objects.filter(contest=contest).values_list("clics_id", flat=True)) == [
        "t1",
        "t2",
        "t3",
    ]
    assert Team.objects.get(contest=contest, clics_id="t2").display_name == "The Betas"
    assert ContestProblem.objects.get(contest=contest, clics_id="sum").label == "B"
    assert Problem.objects.get(slug="maze").test_cases.count() == 0  # created without test data
    judged = {
        s.clics_id: s.judgement_type.clics_id if s.judgement_type else None
        for s in ContestSubmission.objects.filter(contest=contest).select_related("judgement_type")
    }
    assert judged["s5"] == "WA"  # its last judgement, the rejudgement
    assert "s10" not in judged  # deleted in the feed
    assert len(judged) == 9 and all(s.submission_id is None for s in ContestSubmission.objects.all())
    reply = Clarification.objects.get(contest=contest, clics_id="c2")
    assert reply.reply_to is not None and reply.reply_to.clics_id == "c1" and reply.to_team is not None
    assert Clarification.objects.get(clics_id="c3").to_all
    assert list(Award.objects.get(clics_id="winner").teams.values_list("clics_id", flat=True)) == ["t1"]
    assert ContestLanguage.objects.filter(contest=contest).count() == 3
    assert list(Team.objects.get(clics_id="t3").groups.values_list("clics_id", flat=True)) == ["observers"]
    assert ScoreboardRow.objects.filter(contest=contest).exists()


def test_both_formats_import_to_the_same_rows():
    run(FEED_2023)
    first = snapshot()
    ContestSubmission.objects.all().delete()  # judgement types are protected while submissions use them
    Contest.objects.all().delete()
    Problem.objects.all().delete()
    run(FEED_2022)
    second = snapshot()
    ignored = {"id", "created_at", "updated_at", "first_solves", "cells", "html"}  # pks inside

    def strip(snap):
        return {
            name: sorted(
                tuple(kv for kv in row if kv[0] not in ignored and not kv[0].endswith("_id")) for row in rows
            )
            for name, rows in snap.items()
        }

    assert strip(first) == strip(second)


def test_importing_twice_changes_nothing():
    run(FEED_2023)
    before = snapshot()
    assert "nothing changed" in run(FEED_2023)
    assert snapshot() == before


def test_a_changed_feed_updates_and_removes(tmp_path):
    run(FEED_2023)
    lines = FEED_2023.read_text().splitlines()
    lines.append(
        json.dumps({"type": "teams", "id": "t3", "data": {"id": "t3", "name": "Gamma 2", "hidden": True}})
    )
    lines.append(json.dumps({"type": "awards", "id": "gold-medal", "data": None}))
    lines.append(json.dumps({"type": "judgements", "id": "j6", "data": None}))  # s6 pending again
    changed = tmp_path / "event-feed.ndjson"
    changed.write_text("\n".join(lines) + "\n")
    assert "updated contest 'mini26'" in run(changed)
    team = Team.objects.get(clics_id="t3")
    assert team.display_name == "Gamma 2" and team.kind == TeamKind.OBSERVER and team.organization is None
    assert not Award.objects.filter(clics_id="gold-medal").exists()
    assert ContestSubmission.objects.get(clics_id="s6").judgement_type is None


def _broken(tmp_path, change):
    lines = FEED_2023.read_text().splitlines()
    line = change(lines)
    path = tmp_path / "event-feed.ndjson"
    path.write_text("\n".join(lines) + "\n")
    return path, line


def _set(lines, object_id, **fields):
    for index in range(len(lines) - 1, -1, -1):
        event = json.loads(lines[index]) if lines[index].strip() else None
        if event and event["id"] == object_id and event["data"]:
            event["data"].update(fields)
            lines[index] = json.dumps(event)
            return index + 1
    raise AssertionError(object_id)


def _malformed(lines):
    lines.insert(30, '{"type": "teams", "id": "t9", "data": {"id": "t9", "name": ')
    return 31


BROKEN = {
    "malformed": (_malformed, "not valid JSON"),
    "unknown-reference": (lambda lines: _set(lines, "s4", team_id="t42"), "unknown team 't42'"),
    "impossible-time": (lambda lines: _set(lines, "s4", time="2026-03-01T09:00:00Z"), "impossible time"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_bad_feed_names_its_line_and_imports_nothing(tmp_path, case):
    change, message = BROKEN[case]
    path, line = _broken(tmp_path, change)
    problems_before = Problem.objects.count()
    with pytest.raises(CommandError) as caught:
        run(path)
    assert f"line {line}: " in str(caught.value) and message in str(caught.value)
    assert "nothing imported" in str(caught.value)
    assert not Contest.objects.exists() and Problem.objects.count() == problems_before


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_bad_feed_leaves_the_imported_contest_as_it_was(tmp_path, case):
    run(FEED_2023)
    before = snapshot()
    change, _message = BROKEN[case]
    path, _line = _broken(tmp_path, change)
    with pytest.raises(CommandError):
        run(path)
    assert snapshot() == before


def test_a_failure_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    from contests.clics import importer

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "scoreboard_recompute", explode)
    with pytest.raises(RuntimeError):
        run(FEED_2023)
    assert not Contest.objects.exists()
    assert not Problem.objects.exists()
    assert all(not rows for rows in snapshot().values())


def test_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(tmp_path / "nope.ndjson")


def test_a_judgement_type_the_feed_drops_goes_with_its_last_use(tmp_path):
    run(FEED_2023)
    lines = [line for line in FEED_2023.read_text().splitlines() if '"judgement-types"' not in line]
    types = [("AC", True, False), ("WA", False, True), ("CE", False, False), ("RTE", False, True)]
    lines.insert(
        3,
        json.dumps(
            {
                "type": "judgement-types",
                "id": None,
                "data": [{"id": i, "name": i, "solved": s, "penalty": p} for i, s, p in types],
            }
        ),
    )
    # s6 was the only TLE: judged RTE now
    lines.append(
        json.dumps(
            {
                "type": "judgements",
                "id": "j6",
                "data": {
                    "id": "j6",
                    "submission_id": "s6",
                    "judgement_type_id": "RTE",
                    "start_time": "2026-03-01T12:00:02Z",
                    "start_contest_time": "2:00:02",
                    "end_time": "2026-03-01T12:00:07Z",
                    "end_contest_time": "2:00:07",
                },
            }
        )
    )
    changed = tmp_path / "event-feed.ndjson"
    changed.write_text("\n".join(lines) + "\n")
    run(changed)
    assert sorted(JudgementType.objects.values_list("clics_id", flat=True)) == ["AC", "CE", "RTE", "WA"]
    judged = ContestSubmission.objects.get(clics_id="s6").judgement_type
    assert judged is not None and judged.clics_id == "RTE"


def test_a_contest_made_here_is_not_overwritten(tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from contests.services import contest_create

    now = timezone.now()
    native = contest_create(slug="mini26", title="Ours", start=now, end=now + timedelta(hours=1))
    Team.objects.create(contest=native, display_name="Our team")
    with pytest.raises(CommandError, match="was made here, not imported"):
        run(FEED_2023)
    native.refresh_from_db()
    assert native.title == "Ours" and not ContestSubmission.objects.exists()


def test_a_file_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "event-feed.ndjson"
    path.write_bytes(b'{"type": "contest", "id": null, "data": {"name": "\xff"}}\n')
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)
    assert not Contest.objects.exists()
