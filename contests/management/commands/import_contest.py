from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from tqdm import tqdm

from contests.clics.feed import FeedError, apply_events, open_feed, read_events
from contests.clics.importer import ImportRefused, contest_import_feed
from contests.clics.records import ContestFeed
from contests.clics.validate import build_feed


class Command(BaseCommand):
    help = (
        "Create or update a contest from a CLICS event feed (event-feed.ndjson, 2022-07 or 2023-06), "
        "given as the file, a contest package directory holding it, or a zip of that directory. "
        "Atomic and idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="event-feed.ndjson, a package directory, or its zip")

    def handle(self, *args: Any, **options: Any) -> None:
        show = sys.stderr.isatty()
        try:
            feed = self._read(options["path"], show)
        except FeedError as exc:
            raise CommandError(f"{options['path']}: {exc}; nothing imported") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{options['path']}: not UTF-8 text ({exc.reason}); nothing imported") from exc
        kinds = (feed.judgement_types, feed.languages, feed.problems, feed.groups, feed.organizations)
        total = sum(map(len, kinds)) + len(feed.teams) + len(feed.submissions)
        total += len(feed.clarifications) + len(feed.awards)
        with tqdm(total=total, desc="importing", unit="obj", disable=not show, file=sys.stderr) as bar:
            try:
                result = contest_import_feed(feed=feed, progress=lambda _kind, count: bar.update(count))
            except ImportRefused as exc:
                raise CommandError(f"{exc}; nothing imported") from exc
            except DatabaseError as exc:  # a constraint the feed breaks (a label too long, say)
                raise CommandError(f"{options['path']}: {exc}; nothing imported") from exc
        contest = result.contest
        if not result.changed:
            self.stdout.write(f"contest {contest.slug!r} is already up to date: nothing changed")
            return
        verb = "created" if result.created else "updated"
        self.stdout.write(
            f"{verb} contest {contest.slug!r} ({contest.title}): {len(feed.problems)} problems, "
            f"{len(feed.teams)} teams, {len(feed.submissions)} submissions, "
            f"{len(feed.clarifications)} clarifications, {len(feed.awards)} awards"
        )
        for slug in result.problems_created:
            self.stderr.write(self.style.WARNING(f"problem {slug!r} created without test data"))

    def _read(self, path: Path, show: bool) -> ContestFeed:
        with (
            open_feed(path) as (handle, size),
            tqdm(
                total=size,
                desc="reading",
                unit="B",
                unit_scale=True,
                disable=not show,
                file=sys.stderr,
            ) as bar,
        ):

            def lines() -> Any:
                for line in handle:
                    bar.update(len(line.encode()))
                    yield line

            return build_feed(apply_events(read_events(lines())))
