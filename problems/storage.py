"""Test data on disk, addressed by the SHA-256 of its content, so any worker can cache and share it."""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
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


# Small blobs stay in memory once read: a judge worker reads every test of a problem for every
# submission, and a blob never changes (its name is its content's hash).
CACHE_BLOB_MAX_BYTES = 256 * 1024
CACHE_MAX_BYTES = 32 * 1024 * 1024
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_bytes = 0
_cache_lock = threading.Lock()


def blob_get(digest: str) -> bytes:
    global _cache_bytes
    with _cache_lock:
        data = _cache.get(digest)
        if data is not None:
            _cache.move_to_end(digest)
            return data
    data = _path(digest).read_bytes()
    if len(data) <= CACHE_BLOB_MAX_BYTES:
        with _cache_lock:
            if digest not in _cache:
                _cache[digest] = data
                _cache_bytes += len(data)
                while _cache_bytes > CACHE_MAX_BYTES:
                    _cache_bytes -= len(_cache.popitem(last=False)[1])
    return data


def blob_size(digest: str) -> int:
    return _path(digest).stat().st_size


def blob_open(digest: str) -> BinaryIO:
    """The blob for reading in chunks; the caller closes it (FileResponse does)."""
    return _path(digest).open("rb")
