from __future__ import annotations

import posixpath

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from judge.forms import SubmitForm
from judge.selectors import preferred_language_key
from problems.selectors import (
    access_attachment,
    access_problem,
    problem_attachments,
    problem_authors,
    problem_list,
    problem_samples,
)
from problems.storage import blob_open


def problems(request: HttpRequest) -> HttpResponse:
    return render(request, "problems/list.html", {"problems": problem_list(user=request.user)})


def problem_detail(request: HttpRequest, slug: str) -> HttpResponse:
    problem = access_problem(user=request.user, slug=slug)
    form = SubmitForm(initial={"language": preferred_language_key(user=request.user)})
    context = {
        "problem": problem,
        "samples": problem_samples(problem=problem),
        "authors": problem_authors(problem=problem),
        "attachments": [
            (attachment.path.removeprefix("attachments/"), attachment)
            for attachment in problem_attachments(problem=problem)
        ],
        "form": form,
    }
    return render(request, "problems/detail.html", context)


def problem_attachment(request: HttpRequest, slug: str, name: str) -> FileResponse:
    attachment = access_attachment(user=request.user, slug=slug, name=name)
    return FileResponse(
        blob_open(attachment.sha256), as_attachment=True, filename=posixpath.basename(attachment.path)
    )
