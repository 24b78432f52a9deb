from __future__ import annotations

import posixpath

from django.http import FileResponse, HttpRequest

from problems.selectors import access_attachment
from problems.statement_selectors import access_statement_image
from problems.storage import blob_open

# Statement images come from packages: an SVG may hold scripts, which this keeps from running.
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def problem_attachment(request: HttpRequest, slug: str, name: str) -> FileResponse:
    attachment = access_attachment(user=request.user, slug=slug, name=name)
    return FileResponse(
        blob_open(attachment.sha256), as_attachment=True, filename=posixpath.basename(attachment.path)
    )


def problem_statement_file(request: HttpRequest, slug: str, name: str) -> FileResponse:
    image, content_type = access_statement_image(user=request.user, slug=slug, name=name)
    response = FileResponse(blob_open(image.sha256), content_type=content_type)
    response["Content-Security-Policy"] = IMAGE_POLICY
    return response
