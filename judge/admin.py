from django.contrib import admin

from judge.models import Language, Submission, TestResult


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
