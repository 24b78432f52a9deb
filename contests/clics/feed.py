"""Reading a CLICS event feed (NDJSON) into the final state of each object, as pure functions.

Two line formats are read, told apart line by line:
- 2022-07: `{"type", "id", "op", "data"}` with `op` create, update or delete (type `contests` for the
  contest); the object's id is `data.id` when there is one (older feeds put an event id in `id`).
- 2023-06: `{"type", "id", "data", "token"}`; `data: null` deletes; `id: null` is a singleton (contest,
  state) or, with an array, a whole collection replaced at once.
Unknown types (and persons, accounts, runs, commentary, which are not stored) are skipped, as the spec
asks clients to do.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from contests.clics.times import is_identifier

FEED_FILENAME = "event-feed.ndjson"
SINGLETONS = ("contest", "state")
COLLECTIONS = (
    "judgement-types",
    "languages",
    "problems",
    "groups",
    "organizations",
    "teams",
    "submissions",
    "judgements",
    "clarifications",
    "awards",
)
_TYPE_ALIASES = {"contests": "contest"}
_OPS = ("create", "update", "delete")


class FeedError(Exception):
    """A feed that cannot be imported; `line` is 1-based, or None for the feed as a whole."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True, slots=True)
class FeedEvent:
    line: int
    type: str
    id: str | None
    data: dict[str, Any] | list[Any] | None  # None deletes
    token: str | None = None


@dataclass(frozen=True, slots=True)
class RawObject:
    line: int
    data: dict[str, Any]


@dataclass
class FeedState:
    """The last value of every object once all events are applied (insertion order kept)."""

    singletons: dict[str, RawObject] = field(default_factory=dict)
    collections: dict[str, dict[str, RawObject]] = field(
        default_factory=lambda: {kind: {} for kind in COLLECTIONS}
    )
    lines: int = 0


def parse_line(line_no: int, text: str) -> FeedEvent | None:
    """One NDJSON line as an event; None for a keep-alive (blank) line or a type we do not store."""
    if not text.strip():
        return None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError(line_no, f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(raw, dict):
        raise FeedError(line_no, "an event must be a JSON object")
    kind = raw.get("type")
    if not isinstance(kind, str):
        raise FeedError(line_no, "the event has no 'type'")
    kind = _TYPE_ALIASES.get(kind, kind)
    if kind not in SINGLETONS and kind not in COLLECTIONS:
        return None
    token = raw.get("token")
    token = token if isinstance(token, str) else None
    data = raw.get("data")
    if data is not None and not isinstance(data, dict | list):
        raise FeedError(line_no, f"'data' of a {kind} event must be an object, an array or null")
    if "op" in raw:
        return _legacy_event(line_no, kind, raw, data, token)
    event_id = raw.get("id")
    if event_id is not None and not is_identifier(event_id):
        raise FeedError(line_no, f"{event_id!r} is not a valid CLICS id")
    if isinstance(data, dict) and event_id is not None and "id" in data and data["id"] != event_id:
        raise FeedError(line_no, f"the event's id {event_id!r} differs from its data's id {data['id']!r}")
    if data is None and event_id is None and kind not in SINGLETONS:
        raise FeedError(line_no, f"a {kind} deletion needs an id")
    return FeedEvent(line_no, kind, event_id, data, token)


def _legacy_event(
    line_no: int, kind: str, raw: dict[str, Any], data: dict[str, Any] | list[Any] | None, token: str | None
) -> FeedEvent:
    op = raw["op"]
    if op not in _OPS:
        raise FeedError(line_no, f"unknown op {op!r} (expected create, update or delete)")
    if not isinstance(data, dict):
        raise FeedError(line_no, f"a 2022-07 {op} event needs an object in 'data'")
    object_id = data.get("id", raw.get("id"))
    if kind in SINGLETONS:
        object_id = None
    elif not is_identifier(object_id):
        raise FeedError(line_no, f"{object_id!r} is not a valid CLICS id")
    return FeedEvent(line_no, kind, object_id, None if op == "delete" else data, token)


def read_events(lines: Iterable[str]) -> Iterator[FeedEvent]:
    for line_no, text in enumerate(lines, start=1):
        event = parse_line(line_no, text)
        if event is not None:
            yield event


def apply_events(events: Iterable[FeedEvent]) -> FeedState:
    state = FeedState()
    for event in events:
        state.lines = event.line
        _apply(state, event)
    return state


def _apply(state: FeedState, event: FeedEvent) -> None:
    if event.type in SINGLETONS:
        if event.data is None:
            state.singletons.pop(event.type, None)
        elif isinstance(event.data, dict):
            state.singletons[event.type] = RawObject(event.line, event.data)
        else:
            raise FeedError(event.line, f"'data' of a {event.type} event must be an object")
        return
    objects = state.collections[event.type]
    if event.id is None and isinstance(event.data, list):
        objects.clear()
        for item in event.data:
            item_id = item.get("id") if isinstance(item, dict) else None
            if not is_identifier(item_id):
                raise FeedError(event.line, f"an item of the {event.type} collection has no valid id")
            objects[item_id] = RawObject(event.line, item)
        return
    if isinstance(event.data, list):
        raise FeedError(event.line, f"an array of {event.type} needs 'id': null")
    object_id = event.id if event.id is not None else (event.data or {}).get("id")
    if not is_identifier(object_id):
        raise FeedError(event.line, f"the {event.type} object has no valid id")
    if event.data is None:
        objects.pop(object_id, None)
    else:
        objects[object_id] = RawObject(event.line, {**event.data, "id": object_id})


def feed_file(path: Path) -> Path:
    """The event feed of a path: the file itself, or `event-feed.ndjson` in a contest package directory."""
    if path.is_dir():
        candidate = path / FEED_FILENAME
        if candidate.is_file():
            return candidate
        found = sorted(path.glob("*.ndjson"))
        if len(found) == 1:
            return found[0]
        raise FeedError(None, f"{path} holds no {FEED_FILENAME}")
    if not path.is_file():
        raise FeedError(None, f"{path} does not exist")
    return path


def _zip_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    """The package's feed inside a zip of it: at its root or in its one top directory."""
    members = [m for m in archive.infolist() if not m.is_dir() and m.filename.count("/") <= 1]
    named = [m for m in members if m.filename.rsplit("/", 1)[-1] == FEED_FILENAME]
    found = named or [m for m in members if m.filename.endswith(".ndjson")]
    if len(found) != 1:
        raise FeedError(None, f"{path} holds no {FEED_FILENAME}")
    return found[0]


@contextmanager
def open_feed(path: Path) -> Iterator[tuple[IO[str], int]]:
    """The feed's text and its size in bytes, from a file, a package directory or a zip of one."""
    if path.is_file() and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                member = _zip_member(archive, path)
                with archive.open(member) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8-sig"), member.file_size
        except zipfile.BadZipFile as exc:
            raise FeedError(None, f"{path} is a damaged zip: {exc}") from exc
        return
    source = feed_file(path)
    with source.open(encoding="utf-8-sig") as handle:
        yield handle, source.stat().st_size


def read_feed_state(path: Path) -> FeedState:
    with open_feed(path) as (handle, _size):
        return apply_events(read_events(handle))
