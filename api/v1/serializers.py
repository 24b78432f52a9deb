"""What the v1 API shows: public fields only (the same as the pages show a contestant)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import ApiToken, TokenScope
from judge.models import Language, Status, Submission, TestResult
from judge.permissions import can_view_judging_details
from judge.selectors import submission_group_scores
from problems.models import Problem
from problems.selectors import problem_samples


class LanguageSerializer(serializers.ModelSerializer[Language]):
    class Meta:
        model = Language
        fields = ["key", "name", "version"]


class ProblemSerializer(serializers.ModelSerializer[Problem]):
    class Meta:
        model = Problem
        fields = ["slug", "title", "time_limit_ms", "memory_limit_kb", "problem_type"]


class SampleSerializer(serializers.Serializer[dict[str, Any]]):
    input = serializers.CharField()
    answer = serializers.CharField()


def samples_data(problem: Problem) -> list[dict[str, str]]:
    """A problem's samples as the API shows them (the statement's, never hidden tests)."""
    return [{"input": s.input, "answer": s.answer} for s in problem_samples(problem=problem)]


class ProblemDetailSerializer(serializers.ModelSerializer[Problem]):
    samples = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = ["slug", "title", "statement", "time_limit_ms", "memory_limit_kb", "problem_type", "samples"]

    @extend_schema_field(SampleSerializer(many=True))
    def get_samples(self, problem: Problem) -> list[dict[str, str]]:
        return samples_data(problem)


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    problem: serializers.SlugRelatedField[Problem] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    language: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )
    user: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "user",
            "problem",
            "language",
            "status",
            "verdict",
            "score",
            "max_time_ms",
            "max_memory_kb",
            "created_at",
            "judged_at",
        ]


class TestResultSerializer(serializers.ModelSerializer[TestResult]):
    class Meta:
        model = TestResult
        fields = ["index", "verdict", "time_ms", "memory_kb", "exit_code", "signal"]


class StaffTestResultSerializer(serializers.ModelSerializer[TestResult]):
    class Meta:
        model = TestResult
        # The checker's message may quote hidden answers: staff only, as on the pages.
        fields = [*TestResultSerializer.Meta.fields, "message"]


class GroupScoreSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    score = serializers.FloatField()
    points = serializers.FloatField()
    full_marks = serializers.BooleanField()


class SubmissionDetailSerializer(SubmissionSerializer):
    results = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()

    class Meta(SubmissionSerializer.Meta):
        fields = [
            *SubmissionSerializer.Meta.fields,
            "source",
            "compile_output",
            "feedback",
            "results",
            "groups",
        ]

    @extend_schema_field(StaffTestResultSerializer(many=True))
    def get_results(self, submission: Submission) -> list[dict[str, Any]]:
        request = self.context.get("request")
        details = bool(request and can_view_judging_details(request.user, submission))
        serializer = StaffTestResultSerializer if details else TestResultSerializer
        return list(serializer(submission.results.all(), many=True).data)

    @extend_schema_field(GroupScoreSerializer(many=True))
    def get_groups(self, submission: Submission) -> list[dict[str, Any]]:
        if submission.status != Status.DONE:
            return []
        scores = submission_group_scores(submission=submission)
        return [
            {"name": g.name, "score": g.score, "points": g.points, "full_marks": g.full_marks} for g in scores
        ]


class SubmissionCreateSerializer(serializers.Serializer[dict[str, Any]]):
    problem = serializers.SlugField()
    language = serializers.CharField(max_length=32)
    source = serializers.CharField(trim_whitespace=False)  # type: ignore[assignment]


class RunCreateSerializer(serializers.Serializer[dict[str, Any]]):
    language = serializers.CharField(max_length=32)
    source_code = serializers.CharField(trim_whitespace=False)
    stdin = serializers.CharField(trim_whitespace=False, allow_blank=True, required=False, default="")


# A custom run's states (judge.custom_runs).
RUN_STATUSES = ["queued", "running", "done", "failed"]


class RunSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.CharField()
    status = serializers.ChoiceField(choices=RUN_STATUSES)
    result = serializers.DictField(required=False)


class RejudgeSerializer(serializers.Serializer[dict[str, Any]]):
    queued = serializers.BooleanField()


class TokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "scope", "prefix", "created_at", "last_used_at"]


class TokenCreateSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=TokenScope.choices, default=TokenScope.WRITE)


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Shown only once.")  # type: ignore[assignment]

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
