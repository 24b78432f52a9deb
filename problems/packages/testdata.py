"""Test data of a package: `.in`/answer pairs under `data/sample` and `data/secret`, and their groups.

Shared by the package importer and the admin's zip upload. A group is `sample`, `secret` (for
cases directly in it) or `secret/<name>`; deeper directories belong to their top-level group,
and their cases keep the full path as name (`secret/group1/small/03`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from problems.models import Aggregation
from problems.packages.archive import PackageFiles
from problems.packages.yamlfiles import load_yaml_mapping, words

CONFIG_NAMES = ("test_group.yaml", "testdata.yaml")
SAMPLE, SECRET = "sample", "secret"
# Directories of data/ the judge does not use (they test the validators).
_UNUSED_DATA_DIRS = (
    *(
        f"{kind}{plural}"
        for kind in ("invalid_input", "invalid_answer", "invalid_output", "valid_output")
        for plural in ("", "s")
    ),
    "bad",
)


@dataclass(frozen=True)
class CaseSpec:
    name: str
    input_path: str
    answer_path: str
    is_sample: bool
    # From the case's own `<name>.yaml` (2023-07 and later): the submission's arguments (added to its
    # group's), and the validators' arguments in place of the group's (None: the group's).
    args: tuple[str, ...] = ()
    output_validator_args: tuple[str, ...] | None = None
    input_validator_args: tuple[str, ...] | None = None


@dataclass(frozen=True)
class InputValidatorArgs:
    """Arguments for input validators: the same for all, or per validator name (others get none)."""

    common: tuple[str, ...] = ()
    by_name: dict[str, tuple[str, ...]] | None = None

    def for_validator(self, name: str) -> tuple[str, ...]:
        return self.common if self.by_name is None else self.by_name.get(name, ())

    def as_json(self) -> list[str] | dict[str, list[str]]:
        if self.by_name is None:
            return list(self.common)
        return {name: list(args) for name, args in self.by_name.items()}


@dataclass
class GroupSpec:
    name: str
    is_sample: bool
    cases: list[CaseSpec] = field(default_factory=list)
    points: float | None = None
    aggregation: str = Aggregation.PASS_FAIL
    # Complete output validator flags (problem flags first) and the file they come from.
    validator_flags: str = ""
    flags_source: str = "problem.yaml"
    input_validator_args: InputValidatorArgs = field(default_factory=InputValidatorArgs)
    # Arguments for the submission on every case of the group (`args`, 2023-07 and later).
    submission_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class TestDataRules:
    """How to read test data: which files are answers, and how cases are ordered."""

    answer_extensions: tuple[str, ...] = (".ans",)
    # Kattis orders cases lexicographically; uploads by hand are friendlier in natural order (2 < 10).
    natural_order: bool = False


def _join(*parts: str) -> str:
    return "/".join(part for part in parts if part)


def _sort_key(name: str, natural: bool) -> tuple[Any, ...]:
    if not natural:
        return tuple(name.split("/"))
    return tuple(
        tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", part)) for part in name.split("/")
    )


def group_name(case_name: str) -> str:
    parts = case_name.split("/")
    if parts[0] == SAMPLE or len(parts) == 2:
        return parts[0]
    return "/".join(parts[:2])


def collect_groups(files: PackageFiles, data_dir: str, rules: TestDataRules) -> list[GroupSpec]:
    """Pair every input with its answer and sort the cases into groups, samples first."""
    cases = [_case(files, data_dir, path, rules) for path in _inputs(files, data_dir)]
    _check_orphans(files, data_dir, rules, {c.name for c in cases})
    cases.sort(key=lambda c: (not c.is_sample, _sort_key(c.name, rules.natural_order)))
    groups: dict[str, GroupSpec] = {}
    for case in cases:
        name = group_name(case.name)
        groups.setdefault(name, GroupSpec(name=name, is_sample=case.is_sample)).cases.append(case)
    if not any(not g.is_sample for g in groups.values()):
        raise files.error("no secret test cases (.in files)", _join(data_dir, SECRET) or "data/secret")
    return list(groups.values())


def _inputs(files: PackageFiles, data_dir: str) -> list[str]:
    found = []
    for path in files.paths(data_dir):
        rel = path[len(data_dir) + 1 :] if data_dir else path
        top = rel.split("/", 1)[0]
        if top in _UNUSED_DATA_DIRS:
            continue
        if any(part.endswith(".files") for part in rel.split("/")[:-1]):
            raise files.error("test case input files (.files directories) are not supported", path)
        if not path.endswith(".in"):
            continue
        if top not in (SAMPLE, SECRET) or "/" not in rel:
            raise files.error("test case outside the sample/ and secret/ directories", path)
        found.append(path)
    return found


def _case(files: PackageFiles, data_dir: str, input_path: str, rules: TestDataRules) -> CaseSpec:
    base = input_path[: -len(".in")]
    answer = next((base + ext for ext in rules.answer_extensions if files.has(base + ext)), None)
    if answer is None:
        wanted = " or ".join(base + ext for ext in rules.answer_extensions)
        raise files.error(f"missing answer file {wanted}", input_path)
    name = base[len(data_dir) + 1 :] if data_dir else base
    return CaseSpec(
        name=name, input_path=input_path, answer_path=answer, is_sample=name.startswith("sample/")
    )


def _check_orphans(files: PackageFiles, data_dir: str, rules: TestDataRules, names: set[str]) -> None:
    for path in files.paths(data_dir):
        rel = path[len(data_dir) + 1 :] if data_dir else path
        if rel.split("/", 1)[0] not in (SAMPLE, SECRET) or not path.endswith(rules.answer_extensions):
            continue
        base = rel.rsplit(".", 1)[0]
        if base not in names and path.endswith(rules.answer_extensions[0]):
            raise files.error(f"answer file without a matching {base.rsplit('/', 1)[-1]}.in", path)


# --- group configuration (testdata.yaml / test_group.yaml) -----------------------------------------


@dataclass(frozen=True)
class ConfigRules:
    legacy: bool
    scoring: bool
    problem_flags: tuple[str, ...] = ()


def apply_group_config(
    files: PackageFiles, data_dir: str, groups: Sequence[GroupSpec], rules: ConfigRules
) -> None:
    """Fill in each group's flags and scoring from the nearest configuration files."""
    configs = _load_configs(files, data_dir)
    for group in groups:
        chain = _chain(data_dir, group.name, configs)
        if rules.legacy:
            chain = chain[:1]  # legacy: the closest file is used as a whole
        _apply_flags(files, group, chain, rules)
        group.input_validator_args = _input_args(files, chain, rules.legacy)
        if not rules.legacy:
            found = _lookup(chain, "args")
            if found is not None:
                group.submission_args = tuple(words(found[2], files=files, path=found[0], key="args"))
            group.cases = [_case_config(files, case) for case in group.cases]
        if rules.scoring and not group.is_sample:
            _apply_scoring(files, group, chain, rules.legacy)


CASE_KEYS = ("args", "output_validator_args", "input_validator_args")


def _case_config(files: PackageFiles, case: CaseSpec) -> CaseSpec:
    """The case with the arguments of its own `<name>.yaml`, if it has one."""
    path = case.input_path[: -len(".in")] + ".yaml"
    if not files.has(path):
        return case
    config = load_yaml_mapping(files, path)
    found = {
        key: tuple(words(config[key], files=files, path=path, key=key)) for key in CASE_KEYS if key in config
    }
    return dataclasses.replace(
        case,
        args=found.get("args", ()),
        output_validator_args=found.get("output_validator_args"),
        input_validator_args=found.get("input_validator_args"),
    )


@dataclass(frozen=True)
class Config:
    directory: str  # relative to data/, "" for data/ itself
    path: str
    values: dict[str, Any]


def _load_configs(files: PackageFiles, data_dir: str) -> dict[str, Config]:
    """Configuration files by the directory (relative to data/) they configure."""
    configs: dict[str, Config] = {}
    for path in files.paths(data_dir):
        rel = path[len(data_dir) + 1 :] if data_dir else path
        directory, _, filename = rel.rpartition("/")
        if filename not in CONFIG_NAMES or directory.split("/", 1)[0] in _UNUSED_DATA_DIRS:
            continue
        if directory.count("/") > (0 if directory.startswith(SAMPLE) else 1):
            raise files.error("nested test group configuration is not supported", path)
        if directory in configs:
            raise files.error(f"both {' and '.join(CONFIG_NAMES)} in one directory", path)
        configs[directory] = Config(directory, path, load_yaml_mapping(files, path))
    return configs


def _chain(data_dir: str, group: str, configs: dict[str, Config]) -> list[Config]:
    """Configurations from the group's own directory up to data/, nearest first."""
    parts = group.split("/")
    directories = ["/".join(parts[:n]) for n in range(len(parts), -1, -1)]
    return [configs[d] for d in directories if d in configs]


def _lookup(chain: list[Config], *keys: str) -> tuple[str, str, Any] | None:
    for config in chain:
        for key in keys:
            if key in config.values:
                return config.path, key, config.values[key]
    return None


def _apply_flags(files: PackageFiles, group: GroupSpec, chain: list[Config], rules: ConfigRules) -> None:
    group.validator_flags = " ".join(rules.problem_flags)
    found = _lookup(chain, "output_validator_args", "output_validator_flags")
    if found is None:
        return
    path, key, value = found
    if isinstance(value, dict):  # legacy {name: validator, flags: "..."}
        value = value.get("flags", "")
    extra = words(value, files=files, path=path, key=key)
    group.validator_flags = " ".join([*rules.problem_flags, *extra])
    group.flags_source = path


def _input_args(files: PackageFiles, chain: list[Config], legacy: bool) -> InputValidatorArgs:
    found = _lookup(chain, "input_validator_args", "input_validator_flags")
    if found is None:
        return InputValidatorArgs()
    path, key, value = found
    if not isinstance(value, dict):
        return InputValidatorArgs(common=tuple(words(value, files=files, path=path, key=key)))
    if legacy or set(value) <= {"name", "flags"}:
        flags = tuple(words(value.get("flags"), files=files, path=path, key=key))
        return InputValidatorArgs(by_name={str(value.get("name", "")): flags})
    return InputValidatorArgs(
        by_name={str(n): tuple(words(v, files=files, path=path, key=key)) for n, v in value.items()}
    )


def _apply_scoring(files: PackageFiles, group: GroupSpec, chain: list[Config], legacy: bool) -> None:
    if legacy:
        _apply_legacy_scoring(files, group, chain)
        return
    # Scores are not inherited: only the group's own file counts.
    own = next((c for c in chain if c.directory == group.name), Config(group.name, "", {}))
    path, config = own.path, own.values
    scoring = config["scoring"] if isinstance(config.get("scoring"), dict) else {}
    score = config.get("max_score", scoring.get("score", 100 if group.name == SECRET else "unbounded"))
    aggregation = config.get(
        "score_aggregation",
        scoring.get("aggregation", Aggregation.SUM if group.name == SECRET else Aggregation.PASS_FAIL),
    )
    group.points = _points(files, path, score)
    group.aggregation = _aggregation(files, path, aggregation)


def _apply_legacy_scoring(files: PackageFiles, group: GroupSpec, chain: list[Config]) -> None:
    path, config = (chain[0].path, chain[0].values) if chain else ("", {})
    accept = _points(files, path, config.get("accept_score", 1)) or 0.0
    flags = words(config.get("grader_flags", ""), files=files, path=path, key="grader_flags")
    if "min" in flags:
        group.aggregation, group.points = Aggregation.MIN, accept
    else:
        group.aggregation, group.points = Aggregation.SUM, accept * len(group.cases)


def _points(files: PackageFiles, path: str, value: Any) -> float | None:
    if value == "unbounded":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise files.error(f"score must be a number >= 0 or 'unbounded', got {value!r}", path)
    return float(value)


def _aggregation(files: PackageFiles, path: str, value: Any) -> str:
    if value not in Aggregation.values:
        raise files.error(f"score aggregation must be one of {', '.join(Aggregation.values)}", path)
    return str(value)
