from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from judge.models import Language, Submission, TestResult
from judge.permissions import can_rejudge, submissions_visible_q
from judge.services import submission_rejudge


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin[Language]):
    list_display = ["key", "name", "version", "is_enabled"]
    list_editable = ["is_enabled"]


class TestResultInline(admin.TabularInline[TestResult, Submission]):
    model = TestResult
    extra = 0
    readonly_fields = ["index", "verdict", "time_ms", "memory_kb", "exit_code", "signal", "message"]
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = [
        "id",
        "user",
        "problem",
        "language",
        "status",
        "verdict",
        "score",
        "max_time_ms",
        "created_at",
    ]
    list_filter = ["status", "verdict", "language", "problem"]
    search_fields = ["user__username", "problem__slug"]
    readonly_fields = ["status", "verdict", "score", "max_time_ms", "max_memory_kb", "attempts", "judged_at"]
    inlines = [TestResultInline]
    actions = ["rejudge"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Submission]:
        # Staff with the model's view permission still see only what the jury's rules let them.
        visible = submissions_visible_q(request.user)
        queryset = super().get_queryset(request)
        return queryset.none() if visible is None else queryset.filter(visible)

    def has_rejudge_permission(self, request: HttpRequest) -> bool:
        return can_rejudge(request.user)

    @admin.action(description="Rejudge selected submissions", permissions=["rejudge"])
    def rejudge(self, request: HttpRequest, queryset: QuerySet[Submission]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queued = submission_rejudge(submission_ids=ids)
        skipped = len(ids) - len(queued)
        message = f"Queued {len(queued)} submissions for rejudging."
        if skipped:
            message += f" {skipped} still queued or being judged were left alone."
        self.message_user(request, message, messages.SUCCESS)
