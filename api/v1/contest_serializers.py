"""What the v1 API shows of contests: what the contest pages show the same user, from the same
selectors (the views pass in what those decided; these only shape it)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.serializers import SampleSerializer, samples_data
from contests.board import contest_times
from contests.clarifications import MAX_TEXT
from contests.clock import Phase
from contests.models import Contest, ContestProblem, ContestSubmission, Team

SUB_RESOURCES = ("problems", "participants", "scoreboard", "clarifications", "submissions")
PHASES = [phase.value for phase in Phase]


class ContestLinksSerializer(serializers.Serializer[dict[str, str]]):
    detail = serializers.URLField()
    problems = serializers.URLField()
    participants = serializers.URLField()
    scoreboard = serializers.URLField()
    clarifications = serializers.URLField()
    submissions = serializers.URLField()


class ContestSerializer(serializers.ModelSerializer[Contest]):
    freeze_start = serializers.SerializerMethodField(
        help_text="When the board freezes (null: never); a participant's own window freezes as long "
        "before its own end."
    )
    registered = serializers.SerializerMethodField(help_text="Whether you take part (in a team).")
    urls = serializers.SerializerMethodField()

    class Meta:
        model = Contest
        fields = [
            "slug",
            "title",
            "format",
            "visibility",
            "start",
            "end",
            "freeze_minutes",
            "freeze_start",
            "scoreboard_visibility",
            "registration",
            "registered",
            "urls",
        ]

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_freeze_start(self, contest: Contest) -> str | None:
        # The contest page shows the freeze to everyone who may open the contest.
        freeze = contest_times(contest).freeze_start
        return None if freeze is None else serializers.DateTimeField().to_representation(freeze)

    @extend_schema_field(serializers.BooleanField())
    def get_registered(self, contest: Contest) -> bool:
        return contest.pk in self.context["registered"]

    @extend_schema_field(ContestLinksSerializer)
    def get_urls(self, contest: Contest) -> dict[str, str]:
        request = self.context["request"]
        links = {"detail": reverse("v1_contest_detail", args=[contest.slug])}
        links.update({name: reverse(f"v1_contest_{name}", args=[contest.slug]) for name in SUB_RESOURCES})
        return {name: request.build_absolute_uri(path) for name, path in links.items()}


class TeamBriefSerializer(serializers.ModelSerializer[Team]):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Team
        fields = ["id", "name", "kind", "virtual", "starts_at"]


class ParticipationSerializer(serializers.Serializer[Any]):
    """selectors.participation: where you stand in the contest now."""

    phase = serializers.ChoiceField(choices=PHASES, help_text="Your own contest's phase.")
    contest_phase = serializers.ChoiceField(choices=PHASES)
    team = TeamBriefSerializer(allow_null=True, help_text="Your team; null when you do not take part.")
    start = serializers.DateTimeField(source="span.start", allow_null=True, default=None)
    end = serializers.DateTimeField(source="span.end", allow_null=True, default=None)
    freeze_start = serializers.DateTimeField(source="span.freeze_start", allow_null=True, default=None)
    running = serializers.BooleanField(help_text="Whether you may submit now (your own time runs).")


class ContestDetailSerializer(ContestSerializer):
    jury = serializers.SerializerMethodField(help_text="Whether you are of the jury.")
    participation = serializers.SerializerMethodField()

    class Meta(ContestSerializer.Meta):
        fields = [
            *ContestSerializer.Meta.fields,
            "description",
            "window_minutes",
            "upsolving",
            "virtual_allowed",
            "jury",
            "participation",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_jury(self, contest: Contest) -> bool:
        return bool(self.context["jury"])

    @extend_schema_field(ParticipationSerializer)
    def get_participation(self, contest: Contest) -> dict[str, Any]:
        return dict(ParticipationSerializer(self.context["participation"]).data)


# A team's mark on a problem (contests.selectors.team_marks).
PROBLEM_MARKS = ["solved", "attempted"]


class ContestProblemSerializer(serializers.ModelSerializer[ContestProblem]):
    title = serializers.CharField(source="problem.title")
    problem = serializers.SerializerMethodField(
        help_text="The problem's slug in /api/v1/problems/, when you may open it there (else null)."
    )
    color = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(help_text="Your team's: solved, attempted, or null.")

    class Meta:
        model = ContestProblem
        fields = ["label", "title", "problem", "points", "color", "status"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_problem(self, entry: ContestProblem) -> str | None:
        return entry.problem.slug if entry.problem_id in self.context["open_problems"] else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_color(self, entry: ContestProblem) -> str | None:
        return entry.color or None

    @extend_schema_field(serializers.ChoiceField(choices=PROBLEM_MARKS, allow_null=True))
    def get_status(self, entry: ContestProblem) -> str | None:
        return self.context["marks"].get(entry.pk) or None


class ContestProblemDetailSerializer(ContestProblemSerializer):
    """A contest's problem as its page shows it: the statement, limits and samples."""

    statement = serializers.CharField(source="problem.statement")
    time_limit_ms = serializers.IntegerField(source="problem.time_limit_ms")
    memory_limit_kb = serializers.IntegerField(source="problem.memory_limit_kb")
    problem_type = serializers.CharField(source="problem.problem_type")
    samples = serializers.SerializerMethodField()

    class Meta(ContestProblemSerializer.Meta):
        fields = [
            *ContestProblemSerializer.Meta.fields,
            "statement",
            "time_limit_ms",
            "memory_limit_kb",
            "problem_type",
            "samples",
        ]

    @extend_schema_field(SampleSerializer(many=True))
    def get_samples(self, entry: ContestProblem) -> list[dict[str, str]]:
        return samples_data(entry.problem)


class OrganizationSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    formal_name = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-3, or empty.")


class GroupSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ParticipantSerializer(serializers.ModelSerializer[Team]):
    name = serializers.CharField(source="display_name")
    organization = OrganizationSerializer(allow_null=True)
    groups = GroupSerializer(many=True)
    members = serializers.SerializerMethodField(
        help_text="The members' user names: for the jury only (null to others, as on the pages)."
    )

    class Meta:
        model = Team
        fields = ["id", "name", "kind", "virtual", "organization", "groups", "members"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_members(self, team: Team) -> list[str] | None:
        if not self.context["jury"]:
            return None
        return sorted(member.username for member in team.members.all())


class BoardProblemSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment] # a field named as a Field attribute
    color = serializers.CharField(allow_null=True)


class BoardCellSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    judged = serializers.IntegerField(help_text="Judged attempts.")
    pending = serializers.IntegerField(help_text="Attempts not judged yet, or hidden by the freeze.")
    solved = serializers.BooleanField()
    time = serializers.IntegerField(allow_null=True, help_text="Contest minute of the solve (or score).")
    score = serializers.FloatField()
    first = serializers.BooleanField(help_text="Solved first (of the teams on this view of the board).")


class BoardTeamSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="As in participants/.")
    name = serializers.CharField()
    organization = serializers.CharField(help_text="Its name, or empty.")


class BoardRowSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    team = BoardTeamSerializer()
    score = serializers.FloatField(help_text="Problems solved (pass-fail formats), or points.")
    penalty = serializers.IntegerField(help_text="Penalty time in minutes (pass-fail), or the tiebreak.")
    problems = BoardCellSerializer(many=True)


class OwnRowSerializer(serializers.Serializer[Any]):
    team = BoardTeamSerializer()
    score = serializers.FloatField()
    penalty = serializers.IntegerField()
    problems = BoardCellSerializer(many=True)


class ScoreboardSerializer(serializers.Serializer[Any]):
    contest = serializers.SlugField()
    view = serializers.ChoiceField(choices=["public", "jury"])
    frozen = serializers.BooleanField(help_text="Results from the freeze on show as pending.")
    scoring = serializers.ChoiceField(choices=["pass-fail", "score"])
    group = serializers.IntegerField(allow_null=True, help_text="The group ranked, or null (everyone).")
    groups = GroupSerializer(many=True, help_text="The groups this view offers to rank within.")
    problems = BoardProblemSerializer(many=True)
    rows = BoardRowSerializer(many=True)
    own = OwnRowSerializer(
        allow_null=True,
        help_text="Your team's row as it stands (the freeze hides nothing of your own), as the page "
        "pins it above the board; null when you do not take part.",
    )


class ScoreboardQuerySerializer(serializers.Serializer[Any]):
    view = serializers.ChoiceField(
        choices=["public", "jury"],
        required=False,
        help_text="The jury's default is its own live view; others only have the public one.",
    )
    group = serializers.IntegerField(required=False, min_value=1, help_text="Rank within this group.")


class ClarificationSerializer(serializers.Serializer[Any]):
    """contests.selectors.clarification_data: what the live pages show of one."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    problem = serializers.CharField(allow_null=True, help_text="The problem's label, or null.")
    from_team = serializers.CharField(allow_null=True, help_text="The asking team's name (null: the jury).")
    from_jury = serializers.BooleanField()
    to_all = serializers.BooleanField()
    reply_to = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class ClarificationAskSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=f"The question (at most {MAX_TEXT} characters)."
    )
    problem = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="A problem's label; empty: general."
    )


class ContestSubmissionSerializer(serializers.ModelSerializer[ContestSubmission]):
    problem = serializers.CharField(source="contest_problem.label", help_text="The problem's label.")
    judgement = serializers.SerializerMethodField(
        help_text="The judgement type's id (AC, WA, ...); null while pending."
    )
    judgement_name = serializers.SerializerMethodField()

    class Meta:
        model = ContestSubmission
        fields = [
            "id",
            "submission",
            "problem",
            "language",
            "submitted_at",
            "contest_time_ms",
            "practice",
            "judgement",
            "judgement_name",
        ]
        extra_kwargs = {"submission": {"help_text": "Its id in /api/v1/submissions/ (null: imported)."}}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_judgement(self, entry: ContestSubmission) -> str | None:
        return entry.judgement_type.clics_id if entry.judgement_type else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_judgement_name(self, entry: ContestSubmission) -> str | None:
        return entry.judgement_type.name if entry.judgement_type else None


class ContestSubmitSerializer(serializers.Serializer[Any]):
    problem = serializers.CharField(max_length=16, help_text="The problem's label.")
    language = serializers.CharField(max_length=32)
    source = serializers.CharField(trim_whitespace=False)  # type: ignore[assignment]
