from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from problems.forms import AttachmentForm, TestCaseForm, TestDataUploadForm
from problems.models import Problem, ProblemFile, ProblemSubmission, Tag, TestCase, TestGroup, VerificationRun
from problems.packages.errors import PackageError
from problems.packages.upload import UploadPreview, testdata_upload_load, testdata_upload_parse
from problems.permissions import problems_visible_q
from problems.selectors import verification_runs
from problems.services import problem_replace_tests, verification_request
from problems.storage import blob_get, blob_open, blob_size

# Larger test files show their size and a download link instead of their content.
PREVIEW_BYTES = 1024


class TestGroupInline(admin.TabularInline[TestGroup, Problem]):
    model = TestGroup
    extra = 0
    fields = ["order", "name", "is_sample", "points", "aggregation", "validator_flags"]


class TestCaseInline(admin.TabularInline[TestCase, Problem]):
    model = TestCase
    form = TestCaseForm
    extra = 0
    fields = ["order", "name", "group", "is_sample", "input", "input_file", "answer", "answer_file"]
    readonly_fields = ["input", "answer"]

    @admin.display(description="Input")
    def input(self, case: TestCase) -> str:
        return _blob_cell(case, "input")

    @admin.display(description="Answer")
    def answer(self, case: TestCase) -> str:
        return _blob_cell(case, "answer")


def _blob_cell(case: TestCase, which: str) -> str:
    if case.pk is None:
        return "-"
    digest = case.input_sha256 if which == "input" else case.answer_sha256
    url = reverse("admin:problems_problem_testfile", args=[case.problem_id, case.pk, which])
    try:
        size = blob_size(digest)
    except (OSError, ValueError):
        return "missing"
    if size > PREVIEW_BYTES:
        return format_html('{} bytes <a href="{}">download</a>', size, url)
    text = blob_get(digest).decode(errors="replace")
    return format_html('<pre class="test-preview">{}</pre><a href="{}">download</a>', text, url)


class ProblemFileInline(admin.TabularInline[ProblemFile, Problem]):
    """Validators, statement files and included code: kept from the package, hidden from users."""

    model = ProblemFile
    extra = 0
    fields = ["kind", "path", "sha256"]
    readonly_fields = ["kind", "path", "sha256"]
    verbose_name_plural = "Package files"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProblemFile]:
        return super().get_queryset(request).exclude(kind=ProblemFile.Kind.ATTACHMENT)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttachmentInline(admin.TabularInline[ProblemFile, Problem]):
    """Files offered for download on the problem page."""

    model = ProblemFile
    form = AttachmentForm
    extra = 0
    fields = ["path", "upload", "sha256"]
    readonly_fields = ["path", "sha256"]
    verbose_name = "Attachment"
    verbose_name_plural = "Attachments"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProblemFile]:
        return super().get_queryset(request).filter(kind=ProblemFile.Kind.ATTACHMENT)


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
    list_filter = ["is_visible", "problem_type", "validation", "difficulty", "tags"]
    search_fields = ["slug", "title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["source_package_format"]
    filter_horizontal = ["authors", "tags"]
    inlines = [TestGroupInline, TestCaseInline, AttachmentInline, ProblemFileInline, ProblemSubmissionInline]
    change_form_template = "admin/problems/problem/change_form.html"
    actions = ["verify_submissions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Problem]:
        # The model's admin permissions say what may be done to a problem; which hidden problems
        # are seen at all is the jury's permission or authorship (problems/permissions.py).
        return super().get_queryset(request).filter(problems_visible_q(request.user))

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/testdata/", view(self.testdata_view), name="problems_problem_testdata"),
            path(
                "<path:object_id>/tests/<int:case_id>/<str:which>/",
                view(self.testfile_view),
                name="problems_problem_testfile",
            ),
            path(
                "<path:object_id>/verification/",
                view(self.verification_view),
                name="problems_problem_verification",
            ),
            path(
                "<path:object_id>/verification/<int:run_id>/",
                view(self.verification_view),
                name="problems_problem_verification_run",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Verify reference submissions", permissions=["change"])
    def verify_submissions(self, request: HttpRequest, queryset: QuerySet[Problem]) -> HttpResponse | None:
        user = request.user
        assert isinstance(user, User)  # admin views need a staff login
        runs = [verification_request(problem=problem, user=user) for problem in queryset]
        if len(runs) == 1:
            return HttpResponseRedirect(_run_url(runs[0]))
        self.message_user(
            request,
            f"Requested verification of {len(runs)} problems; each problem's page links its runs.",
            messages.SUCCESS,
        )
        return None

    def _problem(self, request: HttpRequest, object_id: str, change: bool) -> Problem:
        problem = self.get_object(request, object_id)
        if problem is None:
            raise Http404("No such problem")
        allowed = self.has_change_permission if change else self.has_view_permission
        if not allowed(request, problem):
            raise PermissionDenied
        return problem

    def verification_view(
        self, request: HttpRequest, object_id: str, run_id: int | None = None
    ) -> HttpResponse:
        """A verification run's status and report; POST requests a new run."""
        problem = self._problem(request, object_id, change=request.method == "POST")
        if request.method == "POST":
            user = request.user
            assert isinstance(user, User)  # admin views need a staff login
            return HttpResponseRedirect(_run_url(verification_request(problem=problem, user=user)))
        runs = verification_runs(problem=problem)
        run = runs[0] if runs else None
        if run_id is not None:
            run = problem.verification_runs.filter(pk=run_id).first()
            if run is None:
                raise Http404("No such verification run")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": problem,
            "title": f"Verification of {problem.title}",
            "run": run,
            "runs": runs,
            "can_request": self.has_change_permission(request, problem),
        }
        return TemplateResponse(request, "admin/problems/problem/verification.html", context)

    def testfile_view(self, request: HttpRequest, object_id: str, case_id: int, which: str) -> FileResponse:
        problem = self._problem(request, object_id, change=False)
        case = problem.test_cases.filter(pk=case_id).first()
        if case is None or which not in ("input", "answer"):
            raise Http404("No such test file")
        digest = case.input_sha256 if which == "input" else case.answer_sha256
        filename = f"{case.name or case.order}.{'in' if which == 'input' else 'ans'}".replace("/", "_")
        return FileResponse(blob_open(digest), as_attachment=True, filename=filename)

    def testdata_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Upload a zip of tests, preview the parsed cases, then confirm to replace the tests."""
        problem = self._problem(request, object_id, change=True)
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
            preview = testdata_upload_load(problem=problem, token=request.POST["manifest"])
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


def _run_url(run: VerificationRun) -> str:
    return reverse("admin:problems_problem_verification_run", args=[run.problem_id, run.pk])


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
