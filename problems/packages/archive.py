"""The files of a package directory or zip, read safely.

A zip is unpacked into a temporary directory first, with every entry checked: no absolute paths,
no `..`, no symbolic links, and caps on the number of files and on the unpacked bytes (declared
sizes are checked up front, and the bytes actually written are counted as well, since a zip's
headers can lie). A directory may contain symbolic links, but only to files inside the package.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings

from problems.packages.errors import PackageError

_CHUNK = 1 << 20
# Names the package format says to ignore, plus the resource forks macOS puts into zips.
_IGNORED_NAMES = ("__MACOSX",)
# DOMjudge's legacy packages keep the time limit in a dotfile at the root.
_KEPT_DOTFILES = (".timelimit",)


@dataclass(frozen=True)
class ArchiveLimits:
    max_bytes: int = 1 << 30
    max_files: int = 10_000


def archive_limits() -> ArchiveLimits:
    defaults = ArchiveLimits()
    return ArchiveLimits(
        max_bytes=int(getattr(settings, "RCE_PACKAGE_MAX_BYTES", defaults.max_bytes)),
        max_files=int(getattr(settings, "RCE_PACKAGE_MAX_FILES", defaults.max_files)),
    )


class PackageFiles:
    """Regular files of a package by POSIX path relative to its root, symbolic links resolved."""

    def __init__(self, files: dict[str, Path], problem: str) -> None:
        self.files = files
        self.problem = problem

    def error(self, message: str, file: str = "") -> PackageError:
        return PackageError(message, problem=self.problem, file=file)

    def has(self, path: str) -> bool:
        return path in self.files

    def paths(self, prefix: str = "") -> list[str]:
        """Sorted paths below the directory `prefix` ("" for all)."""
        start = f"{prefix.rstrip('/')}/" if prefix else ""
        return sorted(p for p in self.files if p.startswith(start))

    def has_dir(self, prefix: str) -> bool:
        return bool(self.paths(prefix))

    def read(self, path: str) -> bytes:
        try:
            return self.files[path].read_bytes()
        except KeyError:
            raise self.error("file is missing", path) from None
        except OSError as exc:
            raise self.error(f"cannot read: {exc.strerror}", path) from exc

    def read_text(self, path: str) -> str:
        try:
            return self.read(path).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self.error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from exc

    def size(self, path: str) -> int:
        return self.files[path].stat().st_size

    def subtree(self, prefix: str) -> PackageFiles:
        start = f"{prefix.rstrip('/')}/" if prefix else ""
        return PackageFiles(
            {p[len(start) :]: f for p, f in self.files.items() if p.startswith(start)}, self.problem
        )


@contextmanager
def open_package(
    source: Path | BinaryIO, *, problem: str, limits: ArchiveLimits | None = None
) -> Iterator[PackageFiles]:
    """The files of a package directory, or of a zip (a path or an open binary file).

    A zip whose files all sit in one top-level directory is read from inside that directory,
    the way Kattis packages are zipped (`hello/problem.yaml`).
    """
    limits = limits or archive_limits()
    if isinstance(source, Path) and source.is_dir():
        yield PackageFiles(walk_directory(source, problem=problem, limits=limits), problem)
        return
    if isinstance(source, Path) and not source.exists():
        raise PackageError(f"no such file or directory: {source}", problem=problem)
    with tempfile.TemporaryDirectory(prefix="rce-package-") as tmp:
        root = Path(tmp)
        extract_zip(source, root, problem=problem, limits=limits)
        files = walk_directory(root, problem=problem, limits=limits)
        yield PackageFiles(files, problem).subtree(_single_top_directory(files))


def _single_top_directory(files: dict[str, Path]) -> str:
    tops = {path.split("/", 1)[0] for path in files}
    if len(tops) == 1 and all("/" in path for path in files) and not tops & {"data", "sample", "secret"}:
        return tops.pop()
    return ""


def _ignored(name: str, at_root: bool) -> bool:
    if at_root and name in _KEPT_DOTFILES:
        return False
    return name.startswith((".", "-")) or name in _IGNORED_NAMES


def walk_directory(root: Path, *, problem: str, limits: ArchiveLimits) -> dict[str, Path]:
    """Every regular file below root; symbolic links must resolve to files or directories inside it."""
    real_root = root.resolve()
    files: dict[str, Path] = {}
    total = 0
    # (directory on disk, its package path, real paths of it and its ancestors: a link to one loops)
    stack: list[tuple[Path, str, frozenset[Path]]] = [(real_root, "", frozenset({real_root}))]
    while stack:
        directory, prefix, ancestors = stack.pop()
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if _ignored(entry.name, at_root=not prefix):
                continue
            rel = f"{prefix}{entry.name}"
            target = Path(entry.path)
            if entry.is_symlink():
                target = _link_target(target, real_root, rel, problem)
            if target.is_dir():
                real = target.resolve()
                if real in ancestors:
                    raise PackageError("symbolic link loop", problem=problem, file=rel)
                stack.append((target, f"{rel}/", ancestors | {real}))
            elif target.is_file():
                files[rel] = target
                total += target.stat().st_size
                _check_limits(len(files), total, limits, problem, rel)
    return files


def _link_target(link: Path, real_root: Path, rel: str, problem: str) -> Path:
    target = link.resolve()
    if not target.is_relative_to(real_root):
        raise PackageError("symbolic link points outside the package", problem=problem, file=rel)
    if not target.exists():
        raise PackageError("broken symbolic link", problem=problem, file=rel)
    return target


def _check_limits(count: int, total: int, limits: ArchiveLimits, problem: str, rel: str) -> None:
    if count > limits.max_files:
        raise PackageError(f"more than {limits.max_files} files in the package", problem=problem, file=rel)
    if total > limits.max_bytes:
        raise PackageError(
            f"package is larger than {limits.max_bytes} bytes unpacked", problem=problem, file=rel
        )


def extract_zip(source: Path | BinaryIO, dest: Path, *, problem: str, limits: ArchiveLimits) -> None:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(f"not a zip file or a directory ({exc})", problem=problem) from exc
    with archive:
        infos = archive.infolist()
        _check_declared(infos, limits, problem)
        written = 0
        seen: set[str] = set()
        for info in infos:
            rel = _safe_entry_name(info, problem)
            if info.is_dir() or not rel:
                continue
            if rel in seen:
                raise PackageError("duplicate zip entry", problem=problem, file=rel)
            seen.add(rel)
            written = _extract_entry(archive, info, dest, rel, written, limits, problem)


def _check_declared(infos: list[zipfile.ZipInfo], limits: ArchiveLimits, problem: str) -> None:
    entries = [info for info in infos if not info.is_dir()]
    if len(entries) > limits.max_files:
        raise PackageError(
            f"zip has {len(entries)} files, more than the limit of {limits.max_files}", problem=problem
        )
    declared = sum(info.file_size for info in entries)
    if declared > limits.max_bytes:
        raise PackageError(
            f"zip unpacks to {declared} bytes, more than the limit of {limits.max_bytes}", problem=problem
        )


_DRIVE = re.compile(r"^[A-Za-z]:")


def _safe_entry_name(info: zipfile.ZipInfo, problem: str) -> str:
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        raise PackageError("zip entry has an absolute path", problem=problem, file=info.filename)
    parts = [part for part in PurePosixPath(name).parts if part not in ("", ".")]
    if ".." in parts:
        raise PackageError("zip entry points outside the package", problem=problem, file=info.filename)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise PackageError("zip entry is a symbolic link", problem=problem, file=info.filename)
    if info.flag_bits & 0x1:
        raise PackageError("zip entry is encrypted", problem=problem, file=info.filename)
    return "/".join(parts)


def _extract_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    dest: Path,
    rel: str,
    written: int,
    limits: ArchiveLimits,
    problem: str,
) -> int:
    target = dest / rel
    entry_bytes = 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as src, target.open("xb") as out:
            while chunk := src.read(_CHUNK):
                entry_bytes += len(chunk)
                written += len(chunk)
                if entry_bytes > info.file_size or written > limits.max_bytes:
                    raise PackageError(
                        f"zip unpacks to more than {min(info.file_size, limits.max_bytes)} bytes "
                        "(more than it declares or than the limit)",
                        problem=problem,
                        file=rel,
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise PackageError(f"corrupt zip entry ({exc})", problem=problem, file=rel) from exc
    except OSError as exc:
        raise PackageError(f"cannot unpack zip entry ({exc.strerror})", problem=problem, file=rel) from exc
    return written
