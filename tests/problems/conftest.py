import shutil
from pathlib import Path

import pytest

PACKAGES = Path(__file__).parent / "packages"


@pytest.fixture(autouse=True)
def testdata_root(settings, tmp_path):
    settings.TESTDATA_ROOT = tmp_path / "testdata"
    return settings.TESTDATA_ROOT


@pytest.fixture
def package(tmp_path):
    """A writable copy of one of the test packages."""

    def copy(name: str) -> Path:
        target: Path = tmp_path / "work" / name
        shutil.copytree(PACKAGES / name, target, symlinks=True)
        return target

    return copy
