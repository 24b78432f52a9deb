import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from problems.models import Problem
from tests.problems.package_helpers import import_package, zip_directory

pytestmark = pytest.mark.django_db


def import_fails(path: Path, *extra: str) -> str:
    with pytest.raises(CommandError) as failure:
        import_package(path, *extra)
    assert not Problem.objects.exists()
    return str(failure.value)


def test_it_names_the_file_and_problem_for_malformed_yaml(package):
    path = package("subtasks")
    (path / "problem.yaml").write_text("name: [unclosed\n")

    message = import_fails(path)

    assert message.startswith("problem 'subtasks': problem.yaml: malformed YAML")
    assert "line 2" in message


def test_it_rejects_malformed_group_configuration(package):
    path = package("subtasks")
    (path / "data/secret/group2/test_group.yaml").write_text("max_score: lots\n")

    message = import_fails(path)

    assert "data/secret/group2/test_group.yaml" in message and "score must be a number" in message


def test_it_rejects_unknown_validator_flags(package):
    path = package("subtasks")
    (path / "data/secret/group2/test_group.yaml").write_text(
        "output_validator_args: [float_tolerence, '1e-6']\n"
    )

    assert "Unknown validator flag 'float_tolerence'" in import_fails(path)


def test_it_rejects_an_input_without_answer(package):
    path = package("subtasks")
    (path / "data/secret/group1/2.ans").unlink()

    message = import_fails(path)

    assert message == (
        "problem 'subtasks': data/secret/group1/2.in: missing answer file data/secret/group1/2.ans"
    )


def test_it_does_not_take_out_files_as_answers_in_kattis_packages(package):
    path = package("subtasks")
    (path / "data/secret/group1/2.ans").rename(path / "data/secret/group1/2.out")

    assert "missing answer file" in import_fails(path)


def test_it_rejects_a_symbolic_link_out_of_the_package(package, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("private\n")
    path = package("subtasks")
    os.symlink(outside, path / "data/secret/group1/3.in")

    message = import_fails(path)

    assert "data/secret/group1/3.in: symbolic link points outside the package" in message


def test_it_rejects_a_relative_link_climbing_out_of_the_package(package):
    path = package("subtasks")
    os.symlink("../../../../../../../../etc/passwd", path / "data/secret/group1/3.ans")

    assert "symbolic link points outside the package" in import_fails(path)


def make_zip(path: Path, entries: dict[str, bytes], symlinks: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "../../outside")
    return path


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../evil.txt", "zip entry points outside the package"),
        ("shout/../../evil.txt", "zip entry points outside the package"),
        ("/etc/cron.d/evil", "zip entry has an absolute path"),
        ("C:/evil.txt", "zip entry has an absolute path"),
    ],
)
def test_it_rejects_zip_entries_outside_the_package(tmp_path, entry, message):
    archive = make_zip(tmp_path / "shout.zip", {"shout/problem.yaml": b"name: x\n", entry: b"boom"})

    assert message in import_fails(archive)
    assert not (Path(tempfile.gettempdir()) / "evil.txt").exists()


def test_it_rejects_symbolic_links_in_zips(tmp_path):
    archive = make_zip(tmp_path / "shout.zip", {"shout/problem.yaml": b"name: x\n"}, ("shout/data/link.in",))

    assert "shout/data/link.in: zip entry is a symbolic link" in import_fails(archive)


def test_it_caps_the_number_of_files_in_a_zip(tmp_path, settings):
    settings.RCE_PACKAGE_MAX_FILES = 50
    archive = make_zip(tmp_path / "many.zip", {f"many/data/secret/{i}.in": b"" for i in range(51)})

    assert "zip has 51 files, more than the limit of 50" in import_fails(archive)


def test_it_caps_the_declared_unpacked_size_of_a_zip(tmp_path, settings):
    settings.RCE_PACKAGE_MAX_BYTES = 1 << 20
    archive = make_zip(tmp_path / "big.zip", {"big/data/secret/1.in": bytes(2 << 20)})

    assert archive.stat().st_size < 10_000
    assert f"more than the limit of {1 << 20}" in import_fails(archive)


def test_it_counts_the_bytes_actually_unpacked(tmp_path, settings):
    settings.RCE_PACKAGE_MAX_BYTES = 1 << 20
    archive = make_zip(tmp_path / "liar.zip", {"liar/data/secret/1.in": bytes(2 << 20)})
    # Rewrite the sizes the central directory declares; the local header still has the truth.
    data = bytearray(archive.read_bytes())
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = (100).to_bytes(4, "little")
    archive.write_bytes(bytes(data))

    message = import_fails(archive)

    assert "liar/data/secret/1.in" in message
    assert "more than it declares" in message or "corrupt zip entry" in message


def test_it_rejects_an_archive_that_is_not_a_zip(tmp_path):
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"not a zip")

    assert "not a zip file or a directory" in import_fails(bogus)


def test_it_rejects_submissions_in_unknown_languages(package):
    path = package("subtasks")
    (path / "submissions/accepted/shout.cobol").write_text("DISPLAY 'HI'.\n")

    message = import_fails(path)

    expected = "submissions/accepted/shout.cobol: unknown language (extension '.cobol')"
    assert message == f"problem 'subtasks': {expected}"


def test_it_rejects_a_package_without_secret_tests(package):
    path = package("subtasks")
    for file in (path / "data/secret").rglob("*.*"):
        file.unlink()

    assert "no secret test cases" in import_fails(path)


def test_it_rejects_custom_validation_without_a_validator(package):
    path = package("anyroot")
    (path / "output_validator/validate.py").unlink()
    (path / "problem.yaml").write_text((path / "problem.yaml").read_text() + "validation: custom\n")

    assert "custom validation needs an output validator program" in import_fails(path)


def test_it_exits_non_zero_with_the_message_and_no_traceback(package, tmp_path):
    path = package("subtasks")
    (path / "problem.yaml").write_text("name: [unclosed\n")
    env = {**os.environ, "RCE_VAR_DIR": str(tmp_path / "var")}

    result = subprocess.run(
        [sys.executable, "manage.py", "import_problem", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )

    assert result.returncode == 1
    assert "problem 'subtasks': problem.yaml: malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_imports_nothing_from_a_zip_missing_problem_yaml(tmp_path, package):
    archive = zip_directory(package("subtasks") / "data", tmp_path / "data.zip", top="")

    assert "no problem.yaml" in import_fails(archive, "--slug", "x")


def test_it_refuses_yaml_that_expands_without_bound(package):
    path = package("subtasks")
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (path / "problem.yaml").write_text("\n".join(lines) + "\nname: Shout\n")

    assert "values once aliases are expanded" in import_fails(path)


def test_it_reports_values_the_database_cannot_store(package):
    path = package("subtasks")
    flags = " ".join(["case_sensitive"] * 60)
    (path / "data/secret/group2/test_group.yaml").write_text(f"output_validator_args: {flags}\n")

    message = import_fails(path)

    assert message.startswith("problem 'subtasks': cannot be stored: validator_flags:")


@pytest.mark.parametrize(
    "body",
    [
        "\\textbf{" * 3000 + "deep" + "}" * 3000,
        "\\begin{quote}" * 3000 + "deep" + "\\end{quote}" * 3000,
        "\\unknownmacro{" * 3000 + "deep" + "}" * 3000,
    ],
    ids=["macros", "environments", "unknown-macros"],
)
def test_it_rejects_a_latex_statement_nested_too_deeply(package, body):
    path = package("oddeven")
    (path / "problem_statement" / "problem.en.tex").write_text(f"\\problemname{{Odd}}\n{body}\n")

    message = import_fails(path)

    assert message.startswith("problem 'oddeven': problem_statement/problem.en.tex: ")
    assert "nests groups, macros or environments more than 50 deep" in message
