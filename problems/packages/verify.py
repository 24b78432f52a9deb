"""verifyproblem: judge a package's jury submissions and check each lands in its verdict folder.

Folder rules follow the 2025-09 package format (`permitted` / `required` verdicts per test case);
memory and output limit failures count as run-time errors, as on Kattis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grading.checking.checkers import DEFAULT_CHECKER, Checker, CheckerUnavailable
from grading.grader import TestOutcome
from grading.scoring import CaseResult, GroupInfo, score_groups
from grading.verdicts import Verdict
from problems.models import SUBMIT_ANSWER_KEY, Problem, ProblemFile, ProblemType
from problems.packages.answers import jury_answers, run_answers
from problems.packages.archive import PackageFiles, open_package
from problems.packages.kattis import PackageSpec, parse_package
from problems.packages.programs import DuplicateFile, jury_program
from problems.packages.sandboxed import (
    JudgeTest,
    SubmissionRun,
    package_checker,
    package_includes,
    package_tests,
    run_submission,
    slowest_accepted,
)
from problems.selectors import (
    problem_checker_get,
    problem_files,
    problem_package_submissions,
    problem_test_groups,
    problem_tests,
)
from problems.storage import blob_get
from sandbox.config import SandboxConfig
from sandbox.languages import Language, UnknownLanguage, language_for_filename
from sandbox.languages.programs import ProgramError, program_language
from sandbox.types import Limits, SandboxError

AC, WA, TLE, RTE = "AC", "WA", "TLE", "RTE"
PARTIAL = "PA"
DEFAULT_TIME_LIMIT_MS = 2000
NOT_SUPPORTED = "not supported yet"
KATTIS_VERDICTS = {
    Verdict.AC: AC,
    Verdict.WA: WA,
    Verdict.TLE: TLE,
    Verdict.RTE: RTE,
    Verdict.MLE: RTE,
    Verdict.OLE: RTE,
}


@dataclass(frozen=True)
class FolderRule:
    expected: str
    permitted: frozenset[str]
    required: frozenset[str] = frozenset()


FOLDER_RULES = {
    "accepted": FolderRule(AC, frozenset({AC})),
    "wrong_answer": FolderRule(WA, frozenset({AC, WA}), frozenset({WA})),
    "time_limit_exceeded": FolderRule(TLE, frozenset({AC, TLE}), frozenset({TLE})),
    "run_time_error": FolderRule(RTE, frozenset({AC, RTE}), frozenset({RTE})),
    "rejected": FolderRule("rejected", frozenset({AC, WA, TLE, RTE}), frozenset({WA, TLE, RTE})),
    "brute_force": FolderRule("brute_force", frozenset({AC, TLE, RTE}), frozenset({TLE, RTE})),
}
PARTIALLY_ACCEPTED = "partially_accepted"


@dataclass(frozen=True)
class JurySubmission:
    folder: str
    name: str
    files: dict[str, bytes]
    language: Language | None

    @property
    def label(self) -> str:
        return f"{self.folder}/{self.name}"


@dataclass
class VerifySource:
    """Everything verifyproblem needs, from a package on disk or a stored problem."""

    name: str
    validation: str
    problem_type: str
    tests: list[JudgeTest]
    groups: list[GroupInfo]
    submissions: list[JurySubmission]
    memory_kb: int
    output_kb: int
    time_limit_ms: int | None
    # Computes (time limit, note, accepted runs by label) when the package gives no time limit.
    compute_time_limit: (
        Callable[[Callable[[TestOutcome], None]], tuple[int, str, dict[str, SubmissionRun]]] | None
    )
    # The package's include/<language>/ files by package path.
    include: dict[str, bytes] = field(default_factory=dict)
    time_limit_note: str = "from the package"
    checker: Checker = DEFAULT_CHECKER
    # Why the output validator or interactor cannot be run here, if it cannot.
    checker_problem: str = ""
    # Submissions are answer files, checked without running anything.
    submit_answer: bool = False


@dataclass
class VerifyRow:
    file: str
    language: str
    expected: str
    got: str | None
    time_ms: int
    ok: bool
    message: str = ""
    score: float | None = None

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "file": self.file,
            "language": self.language,
            "expected": self.expected,
            "got": self.got,
            "time_ms": self.time_ms,
            "ok": self.ok,
        }
        if self.message:
            data["message"] = self.message
        if self.score is not None:
            data["score"] = self.score
        return data


@dataclass
class VerifyReport:
    problem: str
    time_limit_ms: int
    time_limit_note: str
    rows: list[VerifyRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    def as_json(self) -> dict[str, object]:
        """The report as `verifyproblem --json` prints it and a verification run stores it."""
        return {
            "problem": self.problem,
            "time_limit_ms": self.time_limit_ms,
            "time_limit": self.time_limit_note,
            "ok": self.ok,
            "submissions": [row.as_json() for row in self.rows],
        }


# --- sources ----------------------------------------------------------------------------------


def verify_path(
    path: Path, config: SandboxConfig | None, progress: Callable[[int], Callable[[TestOutcome], None]]
) -> VerifyReport:
    slug = path.stem if path.suffix.lower() in (".zip", ".kpp") else path.name
    with open_package(path, problem=slug) as files:
        spec = parse_package(files, slug=slug)
        return verify(package_source(files, spec, config), config, progress)


def package_source(files: PackageFiles, spec: PackageSpec, config: SandboxConfig | None) -> VerifySource:
    tests = package_tests(files, spec.groups)
    checker, checker_problem = _checker(lambda: package_checker(files, spec))

    def compute(on_test: Callable[[TestOutcome], None]) -> tuple[int, str, dict[str, SubmissionRun]]:
        slowest, runs, _warnings = slowest_accepted(files, spec, tests, config, on_test, strict=False)
        if not slowest:
            note = f"default {DEFAULT_TIME_LIMIT_MS} ms: no accepted submission passes every test"
            return DEFAULT_TIME_LIMIT_MS, note, runs
        limit = spec.limits.time.from_slowest(slowest)
        return limit, f"computed from the slowest accepted submission ({slowest} ms)", runs

    return VerifySource(
        name=spec.title,
        validation=spec.validation,
        problem_type=spec.problem_type,
        tests=tests,
        groups=[GroupInfo(g.name, g.is_sample, g.points, g.aggregation) for g in spec.groups],
        submissions=[
            JurySubmission(s.folder, s.name, {s.filename(p): files.read(p) for p in s.paths}, s.language)
            for s in spec.submissions
        ],
        memory_kb=spec.limits.memory_kb,
        output_kb=spec.limits.output_kb,
        time_limit_ms=spec.limits.time.explicit_ms or (DEFAULT_TIME_LIMIT_MS if spec.submit_answer else None),
        compute_time_limit=None
        if spec.limits.time.explicit_ms is not None or spec.submit_answer
        else compute,
        include=package_includes(files, spec),
        checker=checker,
        checker_problem=checker_problem,
        submit_answer=spec.submit_answer,
    )


def _checker(build: Callable[[], Checker]) -> tuple[Checker, str]:
    try:
        return build(), ""
    except CheckerUnavailable as exc:
        return DEFAULT_CHECKER, str(exc)


def problem_source(problem: Problem) -> VerifySource:
    groups = problem_test_groups(problem=problem)
    group_names = {g.pk: g.name for g in groups}
    flags = {g.pk: g.validator_flags for g in groups}
    tests = [
        JudgeTest(
            name=case.name or f"#{case.order}",
            group=group_names.get(case.group_id or 0, ""),
            input=blob_get(case.input_sha256),
            answer=blob_get(case.answer_sha256),
            flags=flags.get(case.group_id or 0, problem.validator_flags)
            if case.validator_args is None
            else " ".join(case.validator_args),
            args=tuple(case.args),
            validator_args=None if case.validator_args is None else tuple(case.validator_args),
        )
        for case in problem_tests(problem=problem)
    ]
    checker, checker_problem = _checker(lambda: problem_checker_get(problem=problem))
    return VerifySource(
        name=problem.title,
        validation=problem.validation,
        problem_type=problem.problem_type,
        tests=tests,
        groups=[GroupInfo(g.name, g.is_sample, g.points, g.aggregation) for g in groups],
        submissions=_stored_submissions(problem),
        memory_kb=problem.memory_limit_kb,
        output_kb=problem.output_limit_kb,
        time_limit_ms=problem.time_limit_ms,
        compute_time_limit=None,
        include={
            f.path: blob_get(f.sha256)
            for f in problem_files(problem=problem)
            if f.kind == ProblemFile.Kind.INCLUDE
        },
        time_limit_note="the problem's",
        checker=checker,
        checker_problem=checker_problem,
        submit_answer=bool((problem.package_metadata or {}).get(SUBMIT_ANSWER_KEY)),
    )


def _stored_submissions(problem: Problem) -> list[JurySubmission]:
    grouped: dict[tuple[str, str], dict[str, bytes]] = {}
    for stored in problem_package_submissions(problem=problem):
        name = stored.filename.split("/", 1)[0]
        grouped.setdefault((stored.verdict_folder, name), {})[stored.filename] = blob_get(stored.sha256)
    return [
        JurySubmission(folder, name, files, _detect(list(files)))
        for (folder, name), files in sorted(grouped.items())
    ]


def _detect(filenames: list[str]) -> Language | None:
    try:
        if len(filenames) == 1 and "/" not in filenames[0]:
            return language_for_filename(filenames[0])
        return program_language([PurePosixPath(f).name for f in filenames])
    except (UnknownLanguage, ProgramError):
        return None


# --- judging ----------------------------------------------------------------------------------


def verify(
    source: VerifySource,
    config: SandboxConfig | None,
    progress: Callable[[int], Callable[[TestOutcome], None]],
) -> VerifyReport:
    """Judge every submission; `progress(total_tests)` returns the per-test callback."""
    judged = [s for s in source.submissions if s.folder in FOLDER_RULES or s.folder == PARTIALLY_ACCEPTED]
    # Accepted first: they fix the time limit when the package does not give one.
    judged.sort(key=lambda s: (s.folder != "accepted", s.folder, s.name))
    on_test = progress(len(judged) * len(source.tests))
    reason = _unsupported(source)
    if reason:
        return VerifyReport(
            source.name,
            source.time_limit_ms or 0,
            source.time_limit_note if source.time_limit_ms else "not computed",
            [_row(s, None, source, message=f"{NOT_SUPPORTED}: {reason}") for s in judged],
        )
    runs: dict[str, SubmissionRun] = {}
    limit_ms, note = source.time_limit_ms or 0, source.time_limit_note
    if source.compute_time_limit is not None:
        limit_ms, note, runs = source.compute_time_limit(on_test)
    limits = Limits(time_ms=limit_ms, memory_kb=source.memory_kb, output_bytes=source.output_kb * 1024)
    report = VerifyReport(source.name, limit_ms, note)
    for submission in judged:
        report.rows.append(_judge(submission, source, limits, config, runs, on_test))
    return report


def _unsupported(source: VerifySource) -> str:
    if source.checker_problem:
        return source.checker_problem
    return ""


def _judge(
    submission: JurySubmission,
    source: VerifySource,
    limits: Limits,
    config: SandboxConfig | None,
    runs: dict[str, SubmissionRun],
    on_test: Callable[[TestOutcome], None],
) -> VerifyRow:
    run = runs.get(submission.label)
    if run is None and source.submit_answer:
        try:
            run = run_answers(
                files=jury_answers(submission.name, submission.files),
                tests=source.tests,
                validation=source.validation,
                config=config,
                on_test=on_test,
                checker=source.checker,
            )
        except (SandboxError, CheckerUnavailable) as exc:
            return _row(submission, None, source, message=f"internal error: {exc}")
    if run is None:
        try:
            language, files = jury_program(
                submission.language, submission.files, source.include, hint=submission.name
            )
        except DuplicateFile as exc:
            return _row(submission, None, source, message=str(exc))
        try:
            run = run_submission(
                language=language,
                files=files,
                tests=source.tests,
                limits=limits,
                validation=source.validation,
                config=config,
                on_test=on_test,
                checker=source.checker,
            )
        except (SandboxError, CheckerUnavailable) as exc:
            return _row(submission, None, source, message=f"internal error: {exc}")
    return _row(submission, run, source)


def _row(
    submission: JurySubmission, run: SubmissionRun | None, source: VerifySource, message: str = ""
) -> VerifyRow:
    rule = FOLDER_RULES.get(submission.folder)
    expected = rule.expected if rule else PARTIAL
    language = "answer" if source.submit_answer else (submission.language.key if submission.language else "?")
    if run is None:
        return VerifyRow(submission.label, language, expected, None, 0, ok=False, message=message)
    if run.compile_error:
        return VerifyRow(
            submission.label, language, expected, "CE", 0, ok=False, message=run.compile_output[:500]
        )
    verdicts = [KATTIS_VERDICTS.get(v, v.value) for v in run.verdicts]
    score, best = _score(source, run)
    got, ok = _judge_folder(submission.folder, verdicts, score, best)
    shown_score = score if source.problem_type == ProblemType.SCORING else None
    message = _first_failure(run, source.tests) if not ok else ""
    return VerifyRow(submission.label, language, expected, got, run.time_ms, ok, message, shown_score)


def _judge_folder(folder: str, verdicts: Sequence[str], score: float, best: float) -> tuple[str, bool]:
    """(what the submission got, whether that fits its folder)."""
    failing = next((v for v in verdicts if v != AC), AC)
    if Verdict.IE.value in verdicts:
        return Verdict.IE.value, False  # the judging failed: no folder fits
    if folder == PARTIALLY_ACCEPTED:
        partial = 0 < score < best
        return (PARTIAL if partial else failing), partial
    rule = FOLDER_RULES[folder]
    fits = set(verdicts) <= rule.permitted and (not rule.required or bool(rule.required & set(verdicts)))
    if fits:
        return rule.expected, True
    not_permitted = next((v for v in verdicts if v not in rule.permitted), None)
    return not_permitted or failing, False


def _score(source: VerifySource, run: SubmissionRun) -> tuple[float, float]:
    """(score, maximum) of the scored groups, with the judge's scoring rules."""
    cases = [
        (test.group, CaseResult(outcome.verdict, outcome.score))
        for outcome, test in zip(run.outcomes, source.tests, strict=True)
    ]
    breakdown = score_groups(source.groups, cases)
    return breakdown.total, breakdown.max_total


def _first_failure(run: SubmissionRun, tests: Sequence[JudgeTest]) -> str:
    for outcome, test in zip(run.outcomes, tests, strict=True):
        if outcome.verdict is not Verdict.AC:
            return f"{outcome.verdict.value} on {test.name}: {outcome.message}".strip().rstrip(":")
    return ""
