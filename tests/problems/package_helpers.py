import zipfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command

PACKAGES = Path(__file__).parent / "packages"


def zip_directory(directory: Path, out: Path, top: str | None = None) -> Path:
    top = directory.name if top is None else top
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(directory).as_posix()}".lstrip("/"))
    return out


def run_command(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def import_package(path: Path, *extra: str) -> str:
    """Import without input validators, so only packages with a time limit need no sandbox."""
    return run_command("import_problem", str(path), "--skip-input-validators", *extra)
