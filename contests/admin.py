from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from contests.models import (
    Award,
    Clarification,
    Contest,
    ContestProblem,
    ContestSubmission,
    Group,
    JudgementType,
    Organization,
    Team,
)
from contests.scoreboard import scoreboard_recompute
from contests.services import contest_seed_judgement_types


class ContestProblemInline(admin.TabularInline[ContestProblem, Contest]):
    model = ContestProblem
    extra = 0
    raw_id_fields = ["problem"]


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin[Contest]):
    list_display = ["slug", "title", "format", "start", "end", "visibility", "registration"]
    search_fields = ["slug", "title"]
    inlines = [ContestProblemInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Its problems, format or times may have changed: the stored board follows.
        super().save_related(request, form, formsets, change)
        contest_seed_judgement_types(contest=form.instance)
        scoreboard_recompute(contest=form.instance)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["display_name", "contest", "kind", "virtual", "organization"]
    list_filter = ["contest", "kind", "virtual"]
    search_fields = ["display_name", "clics_id"]
    filter_horizontal = ["members", "groups"]


@admin.register(ContestSubmission)
class ContestSubmissionAdmin(admin.ModelAdmin[ContestSubmission]):
    list_display = ["pk", "contest", "team", "contest_problem", "submitted_at", "judgement_type", "practice"]
    list_filter = ["contest"]
    raw_id_fields = ["submission", "team"]


@admin.register(Clarification)
class ClarificationAdmin(admin.ModelAdmin[Clarification]):
    list_display = ["pk", "contest", "from_team", "to_team", "to_all", "answered", "created_at"]
    list_filter = ["contest", "answered"]


admin.site.register([Organization, Group, JudgementType, Award])
