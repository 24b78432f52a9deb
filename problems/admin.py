from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from problems.forms import TestDataUploadForm
from problems.models import Problem, ProblemFile, ProblemSubmission, TestCase, TestGroup
from problems.packages.errors import PackageError
from problems.packages.upload import UploadPreview, testdata_upload_load, testdata_upload_parse
from problems.services import problem_replace_tests


class TestGroupInline(admin.TabularInline[TestGroup, Problem]):
    model = TestGroup
    extra = 0
    fields = ["order", "name", "is_sample", "points", "aggregation", "validator_flags"]


class TestCaseInline(admin.TabularInline[TestCase, Problem]):
    model = TestCase
    extra = 0
    fields = ["order", "name", "group", "is_sample", "input_sha256", "answer_sha256"]
    readonly_fields = ["input_sha256", "answer_sha256"]


class ProblemFileInline(admin.TabularInline[ProblemFile, Problem]):
    model = ProblemFile
    extra = 0
    fields = ["kind", "path", "sha256"]
    readonly_fields = ["kind", "path", "sha256"]


class ProblemSubmissionInline(admin.TabularInline[ProblemSubmission, Problem]):
    model = ProblemSubmission
    extra = 0
    fields = ["verdict_folder", "filename", "sha256"]
    readonly_fields = ["verdict_folder", "filename", "sha256"]


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin[Problem]):
    list_display = [
        "slug",
        "title",
        "time_limit_ms",
        "memory_limit_kb",
        "problem_type",
        "validation",
        "is_visible",
    ]
    list_filter = ["is_visible", "problem_type", "validation"]
    search_fields = ["slug", "title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["source_package_format"]
    inlines = [TestGroupInline, TestCaseInline, ProblemFileInline, ProblemSubmissionInline]
    change_form_template = "admin/problems/problem/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "<path:object_id>/testdata/",
            self.admin_site.admin_view(self.testdata_view),
            name="problems_problem_testdata",
        )
        return [upload, *super().get_urls()]

    def testdata_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Upload a zip of tests, preview the parsed cases, then confirm to replace the tests."""
        problem = self.get_object(request, object_id)
        if problem is None:
            raise Http404("No such problem")
        if not self.has_change_permission(request, problem):
            raise PermissionDenied
        if request.method == "POST" and "manifest" in request.POST:
            return self._confirm(request, problem)
        form = TestDataUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                preview = testdata_upload_parse(problem=problem, upload=form.cleaned_data["archive"])
            except PackageError as exc:
                form.add_error("archive", exc.message)
            else:
                return self._render(request, problem, "testdata_preview.html", preview=preview)
        return self._render(request, problem, "testdata_upload.html", form=form)

    def _confirm(self, request: HttpRequest, problem: Problem) -> HttpResponse:
        try:
            preview = testdata_upload_load(manifest_sha256=request.POST["manifest"])
        except PackageError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        cases = problem_replace_tests(problem=problem, groups=preview.groups)
        self.message_user(
            request, f"Saved {len(cases)} tests in {len(preview.groups)} groups.", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:problems_problem_change", args=[problem.pk]))

    def _render(
        self,
        request: HttpRequest,
        problem: Problem,
        template: str,
        form: TestDataUploadForm | None = None,
        preview: UploadPreview | None = None,
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": problem,
            "title": f"Test data for {problem.title}",
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, f"admin/problems/problem/{template}", context)
