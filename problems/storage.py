"""Test data on disk, addressed by the SHA-256 of its content, so any worker can cache and share it."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.conf import settings


def _path(digest: str) -> Path:
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise ValueError(f"not a content hash: {digest!r}")
    return Path(settings.TESTDATA_ROOT) / digest[:2] / digest


def blob_put(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    target = _path(digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a reader never sees a half-written file.
    fd, tmp = tempfile.mkstemp(dir=target.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, target)
    return digest


def blob_get(digest: str) -> bytes:
    return _path(digest).read_bytes()


def blob_size(digest: str) -> int:
    return _path(digest).stat().st_size


def blob_open(digest: str) -> BinaryIO:
    """The blob for reading in chunks; the caller closes it (FileResponse does)."""
    return _path(digest).open("rb")
