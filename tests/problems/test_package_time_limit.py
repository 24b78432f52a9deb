import pytest

from problems.models import Problem
from problems.packages.kattis import TimeLimitRule
from tests.problems.package_helpers import run_command


@pytest.mark.parametrize(
    ("slowest_ms", "multiplier", "expected_ms"),
    [(10, 5, 1000), (99, 5, 1000), (100, 5, 1000), (300, 5, 2000), (290, 5, 1000), (1234, 5, 6000)],
)
def test_it_rounds_legacy_time_limits_like_problemtools(slowest_ms, multiplier, expected_ms):
    # problemtools: max(1, int(0.5 + slowest * time_multiplier)) seconds.
    assert TimeLimitRule(None, multiplier, legacy=True).from_slowest(slowest_ms) == expected_ms


@pytest.mark.parametrize(
    ("slowest_ms", "resolution", "expected_ms"),
    [(10, 1.0, 1000), (500, 1.0, 1000), (501, 1.0, 2000), (260, 0.25, 750), (1000, 0.5, 2000)],
)
def test_it_rounds_current_time_limits_up_to_the_resolution(slowest_ms, resolution, expected_ms):
    rule = TimeLimitRule(None, 2.0, legacy=False, resolution_s=resolution)

    assert rule.from_slowest(slowest_ms) == expected_ms


@pytest.mark.django_db
@pytest.mark.docker
def test_it_computes_the_time_limit_and_runs_a_cpp_input_validator(package):
    out = run_command("import_problem", str(package("oddeven")))

    problem = Problem.objects.get(slug="oddeven")
    assert problem.time_limit_ms == 1000
    assert "time limit 1 s (computed: slowest accepted submission" in out
    assert "x 5, rounded as problemtools does" in out
    assert problem.title == "Odd or Even" and problem.statement.startswith("For each integer")


@pytest.mark.django_db
@pytest.mark.docker
def test_it_stops_the_import_at_an_input_the_validators_reject(package):
    from django.core.management.base import CommandError

    path = package("subtasks")
    run_command("import_problem", str(path))
    # Valid in group 2, but group 1's validator arguments ask for lower case.
    (path / "data/secret/group1/2.in").write_text("XYZ\n")

    with pytest.raises(CommandError) as failure:
        run_command("import_problem", str(path), "--slug", "other")

    where = "problem 'other': data/secret/group1/2.in"
    assert str(failure.value).startswith(f"{where}: rejected by input validator input_validators/validate.py")
    assert list(Problem.objects.values_list("slug", flat=True)) == ["subtasks"]


@pytest.mark.django_db
@pytest.mark.docker
def test_the_output_validator_checks_accepted_submissions_timed_for_the_limit(package):
    from django.core.management.base import CommandError

    path = package("anyroot")
    (path / "problem.yaml").write_text((path / "problem.yaml").read_text().replace("  time_limit: 1.5\n", ""))
    (path / "submissions/accepted/zero.py").write_text("print(0)\n")

    with pytest.raises(CommandError, match="accepted submission got WA"):
        run_command("import_problem", str(path))
    (path / "submissions/accepted/zero.py").unlink()
    out = run_command("import_problem", str(path))
    assert "computed: slowest accepted submission" in out
    assert Problem.objects.get(slug="anyroot").checker_kind == "kattis"
