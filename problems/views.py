from __future__ import annotations

import posixpath

from django.http import FileResponse, HttpRequest

from problems.selectors import access_attachment
from problems.storage import blob_open


def problem_attachment(request: HttpRequest, slug: str, name: str) -> FileResponse:
    attachment = access_attachment(user=request.user, slug=slug, name=name)
    return FileResponse(
        blob_open(attachment.sha256), as_attachment=True, filename=posixpath.basename(attachment.path)
    )
