from __future__ import annotations

import posixpath

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from problems.selectors import (
    access_attachment,
    problem_list,
)
from problems.storage import blob_open


def problems(request: HttpRequest) -> HttpResponse:
    return render(request, "problems/list.html", {"problems": problem_list(user=request.user)})


def problem_attachment(request: HttpRequest, slug: str, name: str) -> FileResponse:
    attachment = access_attachment(user=request.user, slug=slug, name=name)
    return FileResponse(
        blob_open(attachment.sha256), as_attachment=True, filename=posixpath.basename(attachment.path)
    )
