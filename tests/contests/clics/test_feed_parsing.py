"""The feed parser as pure functions: both line formats, every layout, and the errors that name a line."""

import json
import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contests.clics.feed import FeedError, apply_events, parse_line, read_events, read_feed_state
from contests.clics.serialize import format_reltime, format_time
from contests.clics.times import parse_reltime, parse_time
from contests.clics.validate import build_feed

FEEDS = Path(__file__).parent / "feeds"
FEED_2023 = FEEDS / "mini-2023-06" / "event-feed.ndjson"
FEED_2022 = FEEDS / "mini-2022-07.ndjson"


def feed_from_lines(lines):
    return build_feed(apply_events(read_events(lines)))


def lines_of(path):
    return path.read_text().splitlines()


@pytest.mark.parametrize("source", [FEED_2023, FEED_2022], ids=["2023-06", "2022-07"])
def test_both_formats_give_the_same_contest(source):
    feed = build_feed(read_feed_state(source))
    assert feed.contest.id == "mini26"
    assert feed.contest.duration == timedelta(hours=5)
    assert feed.contest.freeze_duration == timedelta(hours=1)
    assert [t.id for t in feed.teams] == ["t1", "t2", "t3"]  # t4 was deleted
    assert {t.id: t.display_name for t in feed.teams}["t2"] == "The Betas"  # the update wins
    assert [s.id for s in feed.submissions] == [f"s{i}" for i in range(1, 10)]  # s10 was deleted
    final = feed.final_judgements()
    assert final["s5"].id == "j5b" and final["s5"].judgement_type_id == "WA"  # the rejudgement counts
    assert final["s2"].judgement_type_id == "AC"
    assert [c.id for c in feed.clarifications] == ["c3", "c1", "c2"]
    assert {a.id: a.team_ids for a in feed.awards}["winner"] == ("t1",)
    assert feed.state is not None
    assert feed.state.frozen == datetime(2026, 3, 1, 14, tzinfo=UTC)
    assert feed.state.end_of_updates is not None


@pytest.mark.parametrize("layout", ["file", "directory", "directory-any-name", "zip", "zip-of-directory"])
@pytest.mark.parametrize("source", [FEED_2023, FEED_2022], ids=["2023-06", "2022-07"])
def test_every_layout(tmp_path, layout, source):
    if layout == "file":
        path = tmp_path / "anything.ndjson"
        shutil.copy(source, path)
    elif layout == "directory":
        path = tmp_path / "mini26"
        path.mkdir()
        shutil.copy(source, path / "event-feed.ndjson")
        (path / "contest.json").write_text("{}")
    elif layout == "directory-any-name":
        path = tmp_path / "pkg"
        path.mkdir()
        shutil.copy(source, path / "feed.ndjson")
    else:
        path = tmp_path / "mini26.zip"
        inner = "mini26/" if layout == "zip-of-directory" else ""
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(f"{inner}contest.json", "{}")
            archive.writestr(f"{inner}event-feed.ndjson", source.read_bytes())
    assert build_feed(read_feed_state(path)).contest.id == "mini26"


def test_a_zip_without_a_feed_is_refused(tmp_path):
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("contest.json", "{}")
    with pytest.raises(FeedError, match=r"holds no event-feed\.ndjson"):
        read_feed_state(path)


def test_an_empty_directory_is_refused(tmp_path):
    with pytest.raises(FeedError, match=r"no event-feed\.ndjson"):
        read_feed_state(tmp_path)


def test_keep_alive_lines_and_unknown_types_are_skipped():
    assert parse_line(1, "") is None
    assert parse_line(2, "   ") is None
    assert parse_line(3, '{"type":"commentary","id":"x","data":{"id":"x"}}') is None
    assert parse_line(4, '{"type":"persons","id":"p","data":{"id":"p"}}') is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type":"teams","id":"t1","data":', "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"id":"t1","data":{}}', "no 'type'"),
        ('{"type":"teams","id":"t1","op":"upsert","data":{"id":"t1"}}', "unknown op"),
        ('{"type":"teams","id":"-bad","data":{"id":"-bad"}}', "not a valid CLICS id"),
        ('{"type":"teams","id":"t1","data":{"id":"t2","name":"x"}}', "differs"),
        ('{"type":"teams","id":null,"data":null}', "needs an id"),
        ('{"type":"teams","id":"t1","data":7}', "must be an object"),
    ],
)
def test_a_malformed_line_is_named(text, message):
    lines = lines_of(FEED_2023)
    lines.insert(5, text)
    with pytest.raises(FeedError, match=message) as caught:
        feed_from_lines(lines)
    assert caught.value.line == 6
    assert str(caught.value).startswith("line 6: ")


def _replace(lines, needle, change):
    for index, text in enumerate(lines):
        event = json.loads(text) if text.strip() else None
        if event and event["id"] == needle:
            change(event["data"])
            lines[index] = json.dumps(event)
            return index + 1
    raise AssertionError(needle)


@pytest.mark.parametrize(
    ("object_id", "change", "message"),
    [
        ("s3", lambda d: d.update(team_id="t9"), "unknown team 't9'"),
        ("s3", lambda d: d.update(problem_id="nope"), "unknown problem 'nope'"),
        ("s3", lambda d: d.update(language_id="cobol"), "unknown language 'cobol'"),
        ("t1", lambda d: d.update(organization_id="uni9"), "unknown organization"),
        ("t1", lambda d: d.update(group_ids=["students", "ghosts"]), "unknown group 'ghosts'"),
        ("c2", lambda d: d.update(reply_to_id="c99"), "unknown clarification"),
    ],
)
def test_an_unknown_reference_is_named(object_id, change, message):
    lines = lines_of(FEED_2023)
    line = _replace(lines, object_id, change)
    with pytest.raises(FeedError, match=message) as caught:
        feed_from_lines(lines)
    assert caught.value.line == line


def test_a_judgement_of_an_unknown_type_is_named():
    lines = lines_of(FEED_2023)
    lines.append(
        json.dumps(
            {
                "type": "judgements",
                "id": "j99",
                "data": {
                    "id": "j99",
                    "submission_id": "s1",
                    "judgement_type_id": "XX",
                    "start_time": "2026-03-01T10:11:00Z",
                    "start_contest_time": "0:11:00",
                },
            }
        )
    )
    with pytest.raises(FeedError, match="unknown judgement type 'XX'") as caught:
        feed_from_lines(lines)
    assert caught.value.line == len(lines)


@pytest.mark.parametrize(
    ("object_id", "change", "message"),
    [
        ("s3", lambda d: d.update(time="2026-03-01T09:59:00+00:00"), "before the contest started"),
        ("s3", lambda d: d.update(contest_time="2:00:00"), "contest_time disagrees"),
        ("s3", lambda d: d.update(time="2026-02-30T10:00:00Z"), "impossible time in 'time'"),
        ("s3", lambda d: d.update(contest_time="0:61:00"), "impossible time in 'contest_time'"),
        ("j3", lambda d: d.update(end_time="2026-03-01T10:00:00Z"), "'end_time' before 'start_time'"),
        ("j3", lambda d: d.update(start_time="2026-03-01T10:01:00Z"), "started before its submission"),
        ("j3", lambda d: d.update(start_time="2026-03-01T10:31:00"), "without a time zone"),
    ],
)
def test_an_impossible_time_is_named(object_id, change, message):
    lines = lines_of(FEED_2023)
    line = len(lines) - lines[::-1].index(next(t for t in lines[::-1] if f'"id":"{object_id}"' in t))
    event = json.loads(lines[line - 1])
    change(event["data"])
    lines[line - 1] = json.dumps(event)
    with pytest.raises(FeedError, match=message) as caught:
        feed_from_lines(lines)
    assert caught.value.line == line


def test_state_out_of_order_is_an_impossible_time():
    lines = lines_of(FEED_2023)
    lines.append(
        json.dumps(
            {
                "type": "state",
                "id": None,
                "data": {"started": "2026-03-01T10:00:00Z", "ended": "2026-03-01T09:00:00Z"},
            }
        )
    )
    with pytest.raises(FeedError, match="'ended' before 'started'") as caught:
        feed_from_lines(lines)
    assert caught.value.line == len(lines)


def test_a_feed_without_a_contest_is_refused():
    with pytest.raises(FeedError, match="no contest event"):
        feed_from_lines(['{"type":"teams","id":"t1","data":{"id":"t1","name":"x"}}'])


def test_a_collection_event_replaces_the_collection():
    lines = lines_of(FEED_2023)
    lines.append(json.dumps({"type": "awards", "id": None, "data": [{"id": "x", "citation": "X"}]}))
    assert [a.id for a in feed_from_lines(lines).awards] == ["x"]


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("0:00:59.999", timedelta(seconds=59, milliseconds=999)),
        ("-0:05:00", -timedelta(minutes=5)),
        ("123:04:05.6", timedelta(hours=123, minutes=4, seconds=5, milliseconds=600)),
    ],
)
def test_reltime_round_trip(text, delta):
    assert parse_reltime(text) == delta
    assert parse_reltime(format_reltime(delta)) == delta


def test_time_round_trip_keeps_the_instant():
    value = parse_time("2014-06-25T11:22:05.034+01")
    assert format_time(value).startswith("2014-06-25T10:22:05.034")  # in the site's zone (UTC)
    assert parse_time(format_time(value)) == value


def test_a_contest_without_any_start_is_an_impossible_time():
    lines = [line for line in lines_of(FEED_2023) if '"type":"state"' not in line]
    event = json.loads(lines[0])
    event["data"]["start_time"] = None
    lines[0] = json.dumps(event)
    with pytest.raises(FeedError, match=r"neither start_time nor state\.started") as caught:
        feed_from_lines(lines)
    assert caught.value.line == 1


def test_a_byte_order_mark_and_crlf_line_ends_are_read(tmp_path):
    path = tmp_path / "event-feed.ndjson"
    path.write_bytes(b"\xef\xbb\xbf" + FEED_2023.read_bytes().replace(b"\n", b"\r\n"))
    assert build_feed(read_feed_state(path)).contest.id == "mini26"


@pytest.mark.parametrize("object_id", ["mini26", "hello"])
def test_ids_that_become_slugs_may_not_hold_dots(object_id):
    lines = lines_of(FEED_2023)
    index = next(i for i, t in enumerate(lines) if f'"id":"{object_id}"' in t)
    event = json.loads(lines[index])
    event["data"]["id"] = "a.b"
    if event["id"] is not None:
        event["id"] = "a.b"
    lines[index] = json.dumps(event)
    with pytest.raises(FeedError, match="cannot be a slug here") as caught:
        feed_from_lines(lines)
    assert caught.value.line == index + 1
