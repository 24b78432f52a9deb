"""Running package programs in the sandbox: input validators on every input, and submissions on
the tests (through grading.grader.grade, checked by the package's output validator or interactor
when it has one, with each group's flags)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from grading.checking.checkers import (
    DEFAULT_CHECKER,
    Checker,
    CheckerKind,
    CheckerUnavailable,
    output_validator_program,
    program_sources,
)
from grading.grader import TestData, TestOutcome, grade, validator_options
from grading.scoring import case_max_score
from grading.verdicts import Verdict
from problems.models import ProblemFile, Validation
from problems.packages.archive import PackageFiles
from problems.packages.errors import PackageError
from problems.packages.kattis import PackageSpec, ProgramSpec, SubmissionSpec
from problems.packages.programs import DuplicateFile, jury_program
from problems.packages.testdata import CaseSpec, GroupSpec
from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import Language
from sandbox.types import Limits, Outcome, SandboxError, SourceFile

VALID_EXIT_CODE = 42
# Accepted submissions run under this limit while the time limit is being worked out.
MEASURE_TIME_MS = 10_000
_SKIPPED_VALIDATORS = {".ctd": "checktestdata", ".viva": "VIVA"}


def with_arguments(language: Language, args: Sequence[str]) -> Language:
    """The language with extra command-line arguments after its run command."""
    return dataclasses.replace(language, run=(*language.run, *args)) if args else language


# --- input validators -------------------------------------------------------------------------


@dataclass(frozen=True)
class Runnable:
    language: Language
    sources: tuple[SourceFile, ...]


def runnable_program(files: PackageFiles, program: ProgramSpec) -> Runnable | str:
    """How to run a validator program here, or why it cannot be run."""
    suffix = PurePosixPath(program.name).suffix
    if suffix in _SKIPPED_VALIDATORS:
        return f"{_SKIPPED_VALIDATORS[suffix]} validators are not run"
    root = "/".join(program.paths[0].split("/")[:2])
    try:
        found = program_sources(root, program.paths, files.read)
    except CheckerUnavailable as exc:
        return str(exc)
    return Runnable(found.language, found.sources)


def validate_inputs(
    files: PackageFiles,
    spec: PackageSpec,
    config: SandboxConfig | None = None,
    on_input: Callable[[], None] | None = None,
) -> list[str]:
    """Run every input validator on every input; the first rejected input stops the import.
    Returns warnings about validators that could not be run."""
    warnings = []
    limits = Limits(
        time_ms=spec.limits.validation_time_ms,
        memory_kb=spec.limits.validation_memory_kb,
        output_bytes=1 << 20,
    )
    for program in spec.input_validators:
        runnable = runnable_program(files, program)
        if isinstance(runnable, str):
            warnings.append(f"input validator {program.paths[0]} skipped: {runnable}")
            continue
        name = PurePosixPath(program.name).stem
        for args, cases in _cases_by_args(spec.groups, name).items():
            _run_validator(files, program, runnable, args, cases, limits, config, on_input)
    return warnings


def _cases_by_args(groups: Sequence[GroupSpec], validator: str) -> dict[tuple[str, ...], list[CaseSpec]]:
    by_args: dict[tuple[str, ...], list[CaseSpec]] = {}
    for group in groups:
        for case in group.cases:
            args = case.input_validator_args
            if args is None:
                args = group.input_validator_args.for_validator(validator)
            by_args.setdefault(args, []).append(case)
    return by_args


def _run_validator(
    files: PackageFiles,
    program: ProgramSpec,
    runnable: Runnable,
    args: tuple[str, ...],
    cases: list[CaseSpec],
    limits: Limits,
    config: SandboxConfig | None,
    on_input: Callable[[], None] | None,
) -> None:
    with Sandbox(with_arguments(runnable.language, args), limits, config) as box:
        compiled = box.compile(runnable.sources)
        if not compiled.ok:
            raise files.error(
                f"input validator does not compile:\n{compiled.output[:2000]}", program.paths[0]
            )
        for case in cases:
            result = box.run(files.read(case.input_path))
            if result.outcome not in (Outcome.OK, Outcome.RTE) or result.exit_code != VALID_EXIT_CODE:
                detail = (result.stderr or result.stdout)[:500].decode(errors="replace").strip()
                why = result.summary or f"exit code {result.exit_code}"
                output = f": {detail}" if detail else ""
                raise files.error(
                    f"rejected by input validator {program.paths[0]} ({why}){output}", case.input_path
                )
            if on_input is not None:
                on_input()


# --- submissions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgeTest:
    name: str
    group: str
    input: bytes
    answer: bytes
    flags: str
    args: tuple[str, ...] = ()
    validator_args: tuple[str, ...] | None = None


@dataclass
class SubmissionRun:
    outcomes: list[TestOutcome]
    compile_output: str = ""
    compile_error: bool = False

    @property
    def verdicts(self) -> list[Verdict]:
        return [o.verdict for o in self.outcomes]

    @property
    def time_ms(self) -> int:
        return max((o.time_ms for o in self.outcomes), default=0)


def package_checker(files: PackageFiles, spec: PackageSpec) -> Checker:
    """The package's output validator or interactor as the judge runs it (Kattis convention);
    raises CheckerUnavailable when it cannot be run here."""
    if spec.validation == Validation.DEFAULT:
        return DEFAULT_CHECKER
    paths = [path for kind, path in spec.stored_files if kind == ProblemFile.Kind.OUTPUT_VALIDATOR]
    return Checker(
        program=output_validator_program(paths, files.read),
        kind=CheckerKind.KATTIS,
        interactive=spec.validation == Validation.INTERACTIVE,
        group_flags={g.name: g.validator_flags for g in spec.groups},
        flags=spec.validator_flags,
        case_max_scores=_case_maxima((g.name, g.points, g.aggregation, len(g.cases)) for g in spec.groups),
        passes=spec.limits.validation_passes,
    )


def _case_maxima(groups: Iterable[tuple[str, float | None, str, int]]) -> dict[str, float]:
    maxima = {name: case_max_score(points, aggregation, count) for name, points, aggregation, count in groups}
    return {name: value for name, value in maxima.items() if value is not None}


def judge_test_data(tests: Sequence[JudgeTest], validation: str) -> list[TestData]:
    """A package's tests as the grader takes them."""
    return [
        TestData(
            index=i,
            input=t.input,
            answer=t.answer,
            options=validator_options(validation, t.flags),
            group=t.group,
            args=t.args,
            validator_args=t.validator_args,
        )
        for i, t in enumerate(tests)
    ]


def run_submission(
    *,
    language: Language,
    files: Sequence[SourceFile],
    tests: Sequence[JudgeTest],
    limits: Limits,
    validation: str,
    config: SandboxConfig | None = None,
    on_test: Callable[[TestOutcome], None] | None = None,
    checker: Checker = DEFAULT_CHECKER,
) -> SubmissionRun:
    """Every test run (no stop on failure), each checked with its own group's validator flags.
    Raises CheckerUnavailable when the checker does not compile."""
    result = grade(
        language=language,
        source="",
        files=files,
        tests=judge_test_data(tests, validation),
        limits=limits,
        config=config,
        stop_on_failure=False,
        on_test=on_test,
        checker=checker,
    )
    if result.verdict is Verdict.CE:
        return SubmissionRun(outcomes=[], compile_output=result.compile_output, compile_error=True)
    return SubmissionRun(outcomes=result.tests)


def package_tests(files: PackageFiles, groups: Sequence[GroupSpec]) -> list[JudgeTest]:
    return [
        JudgeTest(
            name=case.name,
            group=group.name,
            input=files.read(case.input_path),
            answer=files.read(case.answer_path),
            # A case's own validator arguments replace its group's (the 2023-07 format has no problem-wide
            # flags to keep in front of them).
            flags=group.validator_flags
            if case.output_validator_args is None
            else " ".join(case.output_validator_args),
            args=(*group.submission_args, *case.args),
            validator_args=case.output_validator_args,
        )
        for group in groups
        for case in group.cases
    ]


def package_includes(files: PackageFiles, spec: PackageSpec) -> dict[str, bytes]:
    return {path: files.read(path) for kind, path in spec.stored_files if kind == ProblemFile.Kind.INCLUDE}


def submission_program(
    files: PackageFiles, submission: SubmissionSpec, include: Mapping[str, bytes]
) -> tuple[Language, list[SourceFile]]:
    """A jury submission's language and files, with the package's include files for its language."""
    try:
        own = {p: files.read(p) for p in submission.paths}
        return jury_program(submission.language, own, include, hint=submission.name)
    except DuplicateFile as exc:
        raise files.error(str(exc), f"submissions/{submission.folder}/{submission.name}/") from None


def measure_limits(spec: PackageSpec) -> Limits:
    return Limits(
        time_ms=MEASURE_TIME_MS, memory_kb=spec.limits.memory_kb, output_bytes=spec.limits.output_kb * 1024
    )


def accepted_failure(run: SubmissionRun, tests: Sequence[JudgeTest], checked: bool) -> str:
    """Why an accepted submission's run does not count as accepted, or "" if it does.
    When the output could not be checked (an output validator not run here), only crashes count."""
    if run.compile_error:
        return f"does not compile:\n{run.compile_output[:2000]}"
    for outcome, test in zip(run.outcomes, tests, strict=True):
        ignored = not checked and outcome.verdict is Verdict.WA
        if outcome.verdict is not Verdict.AC and not ignored:
            return f"got {outcome.verdict.value} on {test.name} ({outcome.message or outcome.verdict.label})"
    return ""


def _checker_or_default(files: PackageFiles, spec: PackageSpec, warnings: list[str]) -> tuple[Checker, bool]:
    """The package's checker and True, or the default validator and False (with a warning) when its
    output validator cannot be run here: the output then goes unchecked."""
    try:
        return package_checker(files, spec), True
    except CheckerUnavailable as exc:
        if spec.validation == Validation.INTERACTIVE:
            raise files.error(f"the interactor cannot be run: {exc}", "output_validator/") from exc
        warnings.append(f"output not checked while timing accepted submissions: {exc}")
        return DEFAULT_CHECKER, False


def slowest_accepted(
    files: PackageFiles,
    spec: PackageSpec,
    tests: Sequence[JudgeTest],
    config: SandboxConfig | None = None,
    on_test: Callable[[TestOutcome], None] | None = None,
    *,
    strict: bool = True,
) -> tuple[int, dict[str, SubmissionRun], list[str]]:
    """The slowest accepted submission's time over all tests, each accepted run by label, and
    warnings about accepted submissions the sandbox could not run (an image not built, say).
    `strict`: an accepted submission that fails stops everything (import); otherwise (verification)
    its run is kept for the report and the time limit comes from the others."""
    runs: dict[str, SubmissionRun] = {}
    warnings: list[str] = []
    checker, checked = _checker_or_default(files, spec, warnings)
    include = package_includes(files, spec)
    slowest: list[int] = []
    for submission in [s for s in spec.submissions if s.folder == "accepted"]:
        language, sources = submission_program(files, submission, include)
        try:
            run = run_submission(
                language=language,
                files=sources,
                tests=tests,
                limits=measure_limits(spec),
                validation=spec.validation,
                config=config,
                on_test=on_test,
                checker=checker,
            )
        except SandboxError as exc:
            warnings.append(f"{submission.paths[0]} not run: {exc}")
            continue
        except CheckerUnavailable as exc:
            raise files.error(str(exc), "output_validator/") from exc
        failure = accepted_failure(run, tests, checked)
        if failure and strict:
            raise PackageError(f"accepted submission {failure}", problem=spec.slug, file=submission.paths[0])
        runs[submission.label] = run
        if not failure:
            slowest.append(run.time_ms)
    if not slowest and (strict or not runs):
        reason = "; ".join(warnings) or "no accepted submission passes every test"
        raise files.error(f"cannot compute the time limit: {reason}", "submissions/accepted/")
    return max(slowest, default=0), runs, warnings
