"""Content-addressed test data: small blobs are kept in memory once read, within a byte budget."""

from collections import OrderedDict

import pytest

from problems import storage


@pytest.fixture
def root(settings, tmp_path, monkeypatch):
    settings.TESTDATA_ROOT = tmp_path / "testdata"
    monkeypatch.setattr(storage, "_cache", OrderedDict())
    monkeypatch.setattr(storage, "_cache_bytes", 0)
    return settings.TESTDATA_ROOT


def test_a_small_blob_is_read_from_disk_once(root):
    digest = storage.blob_put(b"1 2\n")
    assert storage.blob_get(digest) == b"1 2\n"
    storage._path(digest).unlink()  # only possible in a test: blobs never change or go while in use
    assert storage.blob_get(digest) == b"1 2\n"


def test_large_blobs_are_not_kept_and_the_oldest_go_first(root, monkeypatch):
    monkeypatch.setattr(storage, "CACHE_BLOB_MAX_BYTES", 10)
    monkeypatch.setattr(storage, "CACHE_MAX_BYTES", 20)
    large = storage.blob_put(b"x" * 11)
    assert storage.blob_get(large) == b"x" * 11
    assert large not in storage._cache
    first, second, third = (storage.blob_put(bytes([65 + i]) * 8) for i in range(3))
    for digest in (first, second):
        storage.blob_get(digest)
    storage.blob_get(first)  # used again: now the most recent
    storage.blob_get(third)  # 24 bytes would exceed 20: the least recently used goes
    assert list(storage._cache) == [first, third]
    assert storage._cache_bytes == 16


def test_a_missing_blob_is_an_error(root):
    with pytest.raises(FileNotFoundError):
        storage.blob_get("0" * 64)
