"""Reading a Kattis/ICPC problem package (legacy and 2023-07+ layouts) into a plain description.

Everything that can be checked without running code is checked here, so a bad package fails
before anything is written. Running validators and submissions happens in `sandboxed`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from grading.checking.default_validator import parse_validator_flags
from problems.models import SUBMIT_ANSWER_KEY, ProblemFile, ProblemType, Validation
from problems.packages.archive import PackageFiles
from problems.packages.domjudge import domjudge_ini, domjudge_time_limit
from problems.packages.latex import LatexError, latex_to_markdown
from problems.packages.statements import (
    DEFAULT_LANGUAGE,
    STATEMENT_LANGUAGE_KEY,
    is_interaction,
    statement_language,
)
from problems.packages.testdata import (
    ConfigRules,
    GroupSpec,
    TestDataRules,
    apply_group_config,
    collect_groups,
)
from problems.packages.yamlfiles import load_yaml_mapping, number, words
from sandbox.languages import Language, UnknownLanguage, language_for_filename
from sandbox.languages.programs import ProgramError, program_language

LEGACY_VERSIONS = ("legacy", "legacy-icpc")
# In a problem's package metadata: how many passes a multi-pass problem allows.
PASSES_KEY = "validation_passes"
CURRENT_VERSIONS = ("2023-07-draft", "2023-07", "2025-09-draft", "2025-09", "draft")
PROBLEM_TYPES = ("pass-fail", "scoring", "interactive", "multi-pass", "submit-answer")
METADATA_KEYS = (
    "uuid",
    "version",
    "author",
    "credits",
    "source",
    "source_url",
    "license",
    "rights_owner",
    "keywords",
    "languages",
    "embargo_until",
)
DEFAULT_MEMORY_MIB = 256
DEFAULT_OUTPUT_MIB = 64
# Input validators get at most this much, whatever the package asks for.
MAX_VALIDATION_MEMORY_MIB = 1024
MAX_VALIDATION_TIME_S = 60
_STATEMENT_FILE = re.compile(r"problem(\.[A-Za-z]{2,3}(-[A-Za-z]{2})?)?\.(md|tex|pdf)")


@dataclass(frozen=True)
class TimeLimitRule:
    """The package's time limit, or how to compute it from the slowest accepted submission."""

    explicit_ms: int | None
    multiplier: float
    legacy: bool
    resolution_s: float = 1.0

    def from_slowest(self, slowest_ms: int) -> int:
        """problemtools (legacy): round to whole seconds, at least 1; 2023-07+: the smallest multiple
        of time_resolution that is at least slowest * ac_to_time_limit."""
        exact_s = slowest_ms / 1000 * self.multiplier
        if self.legacy:
            return max(1, int(0.5 + exact_s)) * 1000
        steps = max(1, math.ceil(exact_s / self.resolution_s - 1e-9))
        return round(steps * self.resolution_s * 1000)


@dataclass(frozen=True)
class PackageLimits:
    time: TimeLimitRule
    memory_kb: int
    output_kb: int
    # For input validators.
    validation_time_ms: int
    validation_memory_kb: int
    # Multi-pass problems: at most this many runs of the submission per test (1: not multi-pass).
    validation_passes: int = 1


@dataclass(frozen=True)
class ProgramSpec:
    """A validator program: one file, or a directory of files (`paths` are package paths)."""

    name: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class SubmissionSpec:
    folder: str
    name: str
    paths: tuple[str, ...]
    # None: built and run by its own build/run scripts.
    language: Language | None

    @property
    def label(self) -> str:
        return f"{self.folder}/{self.name}"

    def filename(self, path: str) -> str:
        """A file's name relative to the verdict folder (`sol.py` or `dir/main.cpp`)."""
        return path.split("/", 2)[2]


@dataclass
class PackageSpec:
    slug: str
    format_version: str
    legacy: bool
    title: str
    statement: str
    problem_type: str
    validation: str
    validator_flags: str
    limits: PackageLimits
    groups: list[GroupSpec]
    input_validators: list[ProgramSpec]
    submissions: list[SubmissionSpec]
    # (kind, package path) of every file kept on the problem: validators, attachments, images.
    stored_files: list[tuple[str, str]]
    metadata: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    @property
    def submit_answer(self) -> bool:
        return bool(self.metadata.get(SUBMIT_ANSWER_KEY))

    @property
    def case_count(self) -> int:
        return sum(len(g.cases) for g in self.groups)


def parse_package(files: PackageFiles, *, slug: str) -> PackageSpec:
    if not files.has("problem.yaml"):
        raise files.error("no problem.yaml: not a Kattis problem package", "problem.yaml")
    config = load_yaml_mapping(files, "problem.yaml")
    version = str(config.get("problem_format_version", "legacy"))
    if version not in LEGACY_VERSIONS + CURRENT_VERSIONS:
        raise files.error(f"unknown problem_format_version {version!r}", "problem.yaml")
    legacy = version in LEGACY_VERSIONS
    warnings: list[str] = []
    problem_type, validation = _type_and_validation(files, config, legacy, warnings)
    problem_flags = words(
        config.get("validator_flags"), files=files, path="problem.yaml", key="validator_flags"
    )
    title, statement, statement_files = _statement(files, legacy, config)
    statement_lang = _main_statement_language(files, legacy)
    limits = _limits(files, _mapping(files, config, "limits"), legacy, _multi_pass(config))
    groups = collect_groups(files, "data", TestDataRules())
    rules = ConfigRules(
        legacy=legacy, scoring=problem_type == ProblemType.SCORING, problem_flags=tuple(problem_flags)
    )
    apply_group_config(files, "data", groups, rules)
    if validation == Validation.DEFAULT:
        check_validator_flags(files, groups, " ".join(problem_flags))
    return PackageSpec(
        slug=slug,
        format_version=version,
        legacy=legacy,
        title=title or slug,
        statement=statement,
        problem_type=problem_type,
        validation=validation,
        validator_flags=_problem_flags(groups, problem_flags),
        limits=limits,
        groups=groups,
        input_validators=_input_validators(files),
        submissions=_submissions(files, answers=_submit_answer(config)),
        stored_files=statement_files + _kept_files(files),
        metadata={key: config[key] for key in METADATA_KEYS if key in config}
        | {STATEMENT_LANGUAGE_KEY: statement_lang or DEFAULT_LANGUAGE}
        | ({PASSES_KEY: limits.validation_passes} if limits.validation_passes > 1 else {})
        | ({SUBMIT_ANSWER_KEY: True} if _submit_answer(config) else {}),
        warnings=warnings,
    )


def _mapping(files: PackageFiles, config: dict[str, Any], key: str) -> dict[str, Any]:
    value = config.get(key) or {}
    if not isinstance(value, dict):
        raise files.error(f"`{key}` must be a mapping", "problem.yaml")
    return value


# --- type and validation ----------------------------------------------------------------------


def _type_and_validation(
    files: PackageFiles, config: dict[str, Any], legacy: bool, warnings: list[str]
) -> tuple[str, str]:
    raw_type = config.get("type", "pass-fail")
    types = [raw_type] if isinstance(raw_type, str) else raw_type
    if not isinstance(types, list) or not types or any(t not in PROBLEM_TYPES for t in types):
        raise files.error(
            f"`type` must be one or more of {', '.join(PROBLEM_TYPES)}, got {raw_type!r}", "problem.yaml"
        )
    if "submit-answer" in types and ({"interactive", "multi-pass"} & set(types)):
        raise files.error("a submit-answer problem cannot be interactive or multi-pass", "problem.yaml")
    if "scoring" in types and "pass-fail" in types:
        raise files.error("`type` cannot be both pass-fail and scoring", "problem.yaml")
    problem_type = ProblemType.SCORING if "scoring" in types else ProblemType.PASS_FAIL
    has_validator = files.has_dir("output_validators") or files.has_dir("output_validator")
    validation = _validation(files, config, types, legacy, has_validator)
    if validation != Validation.DEFAULT and not has_validator:
        raise files.error(f"{validation} validation needs an output validator program", "output_validators/")
    if validation == Validation.DEFAULT and has_validator:
        warnings.append(
            "output validator present but problem.yaml asks for the default validator; kept unused"
        )
    if "multi-pass" in types and validation != Validation.CUSTOM:
        raise files.error(
            "a multi-pass problem needs a custom output validator (not interactive)", "problem.yaml"
        )
    return problem_type, validation


def _validation(
    files: PackageFiles, config: dict[str, Any], types: list[str], legacy: bool, has_validator: bool
) -> str:
    if "validation" in config:
        modes = words(config["validation"], files=files, path="problem.yaml", key="validation")
        if not modes or modes[0] not in ("default", "custom"):
            raise files.error("`validation` must start with 'default' or 'custom'", "problem.yaml")
        if modes[0] == "default":
            return Validation.DEFAULT
        return Validation.INTERACTIVE if "interactive" in modes else Validation.CUSTOM
    if "interactive" in types:
        return Validation.INTERACTIVE
    if not legacy and (has_validator or "multi-pass" in types):
        return Validation.CUSTOM
    return Validation.DEFAULT


def check_validator_flags(files: PackageFiles, groups: list[GroupSpec], problem_flags: str) -> None:
    try:
        parse_validator_flags(problem_flags)
    except ValueError as exc:
        raise files.error(str(exc), "problem.yaml") from exc
    for group in groups:
        try:
            parse_validator_flags(group.validator_flags)
        except ValueError as exc:
            raise files.error(str(exc), group.flags_source) from exc


def _problem_flags(groups: list[GroupSpec], problem_flags: list[str]) -> str:
    """One canonical form: the flags every group shares, else the package's problem-wide flags."""
    distinct = {g.validator_flags for g in groups}
    return distinct.pop() if len(distinct) == 1 else " ".join(problem_flags)


# --- limits -----------------------------------------------------------------------------------


def _submit_answer(config: dict[str, Any]) -> bool:
    types = config.get("type", "pass-fail")
    return "submit-answer" in ([types] if isinstance(types, str) else types)


def _multi_pass(config: dict[str, Any]) -> bool:
    types = config.get("type", "pass-fail")
    return "multi-pass" in ([types] if isinstance(types, str) else types)


def _limits(files: PackageFiles, limits: dict[str, Any], legacy: bool, multi_pass: bool) -> PackageLimits:
    validation_time_s = min(_limit(files, limits, "validation_time", 30), MAX_VALIDATION_TIME_S)
    validation_memory_mib = min(_mib(files, limits, "validation_memory", 512), MAX_VALIDATION_MEMORY_MIB)
    return PackageLimits(
        time=_time_rule(files, limits, legacy),
        memory_kb=_mib(files, limits, "memory", DEFAULT_MEMORY_MIB) * 1024,
        output_kb=_mib(files, limits, "output", DEFAULT_OUTPUT_MIB) * 1024,
        validation_time_ms=int(validation_time_s * 1000),
        validation_memory_kb=validation_memory_mib * 1024,
        validation_passes=_passes(files, limits) if multi_pass else 1,
    )


def _passes(files: PackageFiles, limits: dict[str, Any]) -> int:
    passes = _limit(files, limits, "validation_passes", 2)
    if passes != int(passes) or passes < 2:
        raise files.error("`limits.validation_passes` must be a whole number, at least 2", "problem.yaml")
    return int(passes)


def _limit(files: PackageFiles, limits: dict[str, Any], key: str, default: float) -> float:
    if key not in limits:
        return float(default)
    return number(limits[key], files=files, path="problem.yaml", key=f"limits.{key}")


def _mib(files: PackageFiles, limits: dict[str, Any], key: str, default: int) -> int:
    value = _limit(files, limits, key, default)
    if value != int(value):
        raise files.error(f"`limits.{key}` must be a whole number of MiB", "problem.yaml")
    return int(value)


def _time_rule(files: PackageFiles, limits: dict[str, Any], legacy: bool) -> TimeLimitRule:
    explicit = _explicit_time_limit(files, limits)
    if legacy:
        return TimeLimitRule(explicit, _limit(files, limits, "time_multiplier", 5), legacy=True)
    multipliers = limits.get("time_multipliers") or {}
    if not isinstance(multipliers, dict):
        raise files.error("`limits.time_multipliers` must be a mapping", "problem.yaml")
    multiplier = _limit(files, multipliers, "ac_to_time_limit", 2.0)
    resolution = _limit(files, limits, "time_resolution", 1.0)
    return TimeLimitRule(explicit, multiplier, legacy=False, resolution_s=resolution)


def _explicit_time_limit(files: PackageFiles, limits: dict[str, Any]) -> int | None:
    seconds = _limit(files, limits, "time_limit", 0) if "time_limit" in limits else domjudge_time_limit(files)
    if seconds is None:
        return None
    milliseconds = round(seconds * 1000)
    if milliseconds < 50:
        raise files.error("time limit must be at least 0.05 seconds", "problem.yaml")
    return milliseconds


# --- statement --------------------------------------------------------------------------------


def _statement(
    files: PackageFiles, legacy: bool, config: dict[str, Any]
) -> tuple[str, str, list[tuple[str, str]]]:
    """(title, Markdown statement, statement files to keep)."""
    directories = ("problem_statement", "statement") if legacy else ("statement", "problem_statement")
    directory = next((d for d in directories if files.has_dir(d)), None)
    if directory is None:
        raise files.error("no problem statement directory", f"{directories[0]}/")
    chosen = _choose_statement(files, directory)
    if chosen is None:
        raise files.error("no problem.<language>.md, .tex or .pdf", f"{directory}/")
    title = _yaml_name(files, config) or domjudge_ini(files).get("name", "")
    language = statement_language(chosen)
    kept: list[tuple[str, str]] = [
        (ProblemFile.Kind.STATEMENT, path)
        for path in files.paths(directory)
        if not _STATEMENT_FILE.fullmatch(path[len(directory) + 1 :])
        or (path == chosen and path.endswith(".pdf"))
        or _translation(path, language)
    ]
    kept += [(ProblemFile.Kind.STATEMENT, p) for p in files.paths("data/sample") if is_interaction(p)]
    if chosen.endswith(".pdf"):
        return title, f"The statement is the PDF file `{PurePosixPath(chosen).name}`.\n", kept
    text = files.read_text(chosen)
    if chosen.endswith(".md"):
        return title, text, kept
    try:
        converted = latex_to_markdown(text)
    except LatexError as exc:
        raise files.error(str(exc), chosen) from None
    return title or converted.title, converted.markdown, kept


def _main_statement_language(files: PackageFiles, legacy: bool) -> str | None:
    directories = ("problem_statement", "statement") if legacy else ("statement", "problem_statement")
    directory = next((d for d in directories if files.has_dir(d)), None)
    chosen = _choose_statement(files, directory) if directory else None
    return statement_language(chosen) if chosen else None


def _translation(path: str, language: str | None) -> bool:
    """A statement in another language than the main one (kept for the page's language switch)."""
    other = statement_language(path)
    return other is not None and other != language and not path.endswith(".pdf")


def _choose_statement(files: PackageFiles, directory: str) -> str | None:
    names = [path[len(directory) + 1 :] for path in files.paths(directory)]
    preferred = ["problem.en.md", "problem.md", "problem.en.tex", "problem.tex"]
    others = sorted(
        (n for n in names if _STATEMENT_FILE.fullmatch(n)),
        key=lambda n: (n.endswith(".pdf"), n.endswith(".tex"), n),
    )
    for name in preferred + others:
        if name in names:
            return f"{directory}/{name}"
    return None


def _yaml_name(files: PackageFiles, config: dict[str, Any]) -> str:
    name = config.get("name")
    if isinstance(name, dict):
        name = name.get("en", next(iter(name.values()), ""))
    if name is not None and not isinstance(name, str | int | float):
        raise files.error("`name` must be a string or a map from language to string", "problem.yaml")
    return str(name or "").strip()


# --- programs and files -----------------------------------------------------------------------


def _programs(files: PackageFiles, directory: str) -> list[ProgramSpec]:
    programs: dict[str, list[str]] = {}
    for path in files.paths(directory):
        first = path[len(directory) + 1 :].split("/", 1)[0]
        programs.setdefault(first, []).append(path)
    return [ProgramSpec(name=name, paths=tuple(paths)) for name, paths in sorted(programs.items())]


def _input_validators(files: PackageFiles) -> list[ProgramSpec]:
    return _programs(files, "input_validators") + _programs(files, "input_format_validators")


def _kept_files(files: PackageFiles) -> list[tuple[str, str]]:
    kinds = [
        ("output_validators", ProblemFile.Kind.OUTPUT_VALIDATOR),
        ("output_validator", ProblemFile.Kind.OUTPUT_VALIDATOR),
        ("input_validators", ProblemFile.Kind.INPUT_VALIDATOR),
        ("input_format_validators", ProblemFile.Kind.INPUT_VALIDATOR),
        ("attachments", ProblemFile.Kind.ATTACHMENT),
        ("include", ProblemFile.Kind.INCLUDE),
    ]
    return [(kind, path) for directory, kind in kinds for path in files.paths(directory)]


def _submissions(files: PackageFiles, *, answers: bool = False) -> list[SubmissionSpec]:
    """Jury submissions; a submit-answer problem's are answers (a file or a directory), no language."""
    entries: dict[tuple[str, str], list[str]] = {}
    for path in files.paths("submissions"):
        parts = path.split("/")
        if len(parts) < 3:
            continue  # submissions.yaml, README: not submissions
        entries.setdefault((parts[1], parts[2]), []).append(path)
    return [
        SubmissionSpec(
            folder=folder,
            name=name,
            paths=tuple(paths),
            language=None if answers else _language(files, name, paths),
        )
        for (folder, name), paths in sorted(entries.items())
    ]


def _language(files: PackageFiles, name: str, paths: list[str]) -> Language | None:
    """The submission's language, or None for a directory with build/run scripts and no known source."""
    if len(paths) == 1 and paths[0].endswith(f"/{name}"):
        try:
            return language_for_filename(name)
        except UnknownLanguage:
            raise files.error(
                f"unknown language (extension {PurePosixPath(name).suffix!r})", paths[0]
            ) from None
    directory = "/".join(paths[0].split("/")[:3])
    try:
        return program_language([PurePosixPath(p).name for p in paths])
    except ProgramError as exc:
        raise files.error(str(exc), f"{directory}/") from None
