from django.contrib import admin

from problems.models import Problem, TestCase


class TestCaseInline(admin.TabularInline[TestCase, Problem]):
    model = TestCase
    extra = 0
    fields = ["order", "is_sample", "input_sha256", "answer_sha256"]
    readonly_fields = ["input_sha256", "answer_sha256"]


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin[Problem]):
    list_display = ["slug", "title", "time_limit_ms", "memory_limit_kb", "is_visible"]
    list_filter = ["is_visible"]
    search_fields = ["slug", "title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TestCaseInline]
