"""Rules about string literals, shared by every language.

Paths outside the working directory, crypto-mining signatures and long encoded blobs look
the same in every language, so they are written once and instantiated per language with
that language's string nodes and example wrapper.
"""

from __future__ import annotations

import ast
import base64
import re
from collections.abc import Callable
from typing import NamedTuple

from staticanalysis.model import AstMatcher, Rule, Severity
from staticanalysis.pyscope import PyScope

_DIRS = "proc|sys|dev|etc|root|boot|var|run|home|usr|bin|sbin|lib|lib32|lib64|opt|srv|mnt|media|tmp"
# A path token: starts at a word boundary (so URLs and "a/proc" do not count), names a
# top-level directory, and stops at whitespace or punctuation that cannot be in a path.
_PATH = re.compile(rf"(?<![\w~-])/(?:{_DIRS})(?:/[^\s\"'`;,()<>]*)?(?![\w-])")
# Standard streams and friends are how solutions read input; they must not be flagged.
_ORDINARY_PATHS = re.compile(r"/dev/(?:stdin|stdout|stderr|null|zero|fd/[012])|/proc/self/fd/[012]")
_ESCAPE = re.compile(
    r"(?:docker|containerd|podman)\.sock"
    r"|/proc/(?:[^/\s]+/)?(?:mem|root|cwd|exe|environ|pagemap|kcore|sysrq-trigger|sys/kernel)\b"
    r"|/dev/(?:mem|kmem|port|kvm|sd[a-z]|nvme|vd[a-z]|xvd|loop|disk)"
    r"|/etc/(?:shadow|gshadow|passwd|sudoers)"
    r"|/sys/(?:fs/cgroup|kernel)"
    r"|/var/run/secrets"
)
# Whole words only, so that the prefilter can look for them as tokens.
_MINING = re.compile(
    r"\bstratum\+(?:tcp|ssl|tls)://"
    r"|\b(?:xmrig|cryptonight|coinhive|minergate|nicehash|xmr-stak|cpuminer|cgminer|ethminer|randomx"
    r"|moneroocean|minexmr|supportxmr|nanopool)\b",
    re.IGNORECASE,
)
BLOB_LENGTH = 200
_B64_RUN = re.compile(rf"[A-Za-z0-9+/_-]{{{BLOB_LENGTH},}}")
_HEX_RUN = re.compile(rf"[0-9a-fA-F]{{{BLOB_LENGTH},}}")
_ESCAPED_RUN = re.compile(r"(?:\\x[0-9a-fA-F]{2}){50,}|(?:\\[0-7]{3}){50,}|(?:\\u[0-9a-fA-F]{4}){50,}")

PATH_TRIGGER = f"/(?:{_DIRS})"
# Signatures match in any letter case, so their triggers are folded tokens ("xmr" stands
# for "xmr-stak", which is two tokens).
MINING_WORDS = (
    "stratum",
    "xmrig",
    "cryptonight",
    "coinhive",
    "minergate",
    "nicehash",
    "xmr",
    "cpuminer",
    "cgminer",
    "ethminer",
    "randomx",
    "moneroocean",
    "minexmr",
    "supportxmr",
    "nanopool",
)
BLOB_TRIGGER = rf"[A-Za-z0-9+/_-]{{{BLOB_LENGTH}}}"
# Escaped byte runs start with one of these; as substrings they are much cheaper to look
# for than a regex alternative would be.
ESCAPE_TRIGGERS = ("\\x", "\\u", "\\0", "\\1", "\\2", "\\3")


def escape_path(text: str) -> bool:
    """Paths whose only use is breaking out of the sandbox or reading secrets."""
    return _ESCAPE.search(text) is not None


def sensitive_path(text: str) -> bool:
    """Absolute paths outside the working directory, other than the standard streams."""
    if escape_path(text):
        return False
    return any(_ORDINARY_PATHS.fullmatch(m.group()) is None for m in _PATH.finditer(text))


def mining_signature(text: str) -> bool:
    return _MINING.search(text) is not None


def _mixed_classes(run: str) -> bool:
    # Real base64 of binary data has upper, lower and digits; a run of "aaaa" does not.
    return any(c.isupper() for c in run) and any(c.islower() for c in run) and any(c.isdigit() for c in run)


def encoded_blob(text: str) -> bool:
    """Long base64, hex or escaped-byte runs: payloads, not data a solution would need."""
    if any(_mixed_classes(m.group()) for m in _B64_RUN.finditer(text)):
        return True
    for m in _HEX_RUN.finditer(text):
        run = m.group()
        if any(c.isdigit() for c in run) and any(c.isalpha() for c in run):
            return True
    return _ESCAPED_RUN.search(text) is not None


def binary_blob(data: bytes) -> bool:
    """Python bytes literals arrive decoded; shellcode shows as mostly unprintable bytes."""
    if encoded_blob(data.decode("latin-1")):
        return True
    if len(data) < BLOB_LENGTH // 2:
        return False
    unprintable = sum(1 for b in data if not (32 <= b < 127 or b in (9, 10, 13)))
    return unprintable * 10 >= len(data) * 3


def language_rule(
    languages: tuple[str, ...],
    rule_id: str,
    severity: Severity,
    message: str,
    pattern: str | AstMatcher,
    triggers: tuple[str, ...],
    bad: tuple[str, ...],
    good: tuple[str, ...],
) -> Rule:
    """A rule of one language family (a tree-sitter query, or an AstMatcher for Python); each
    language module binds its `languages` with functools.partial."""
    return Rule(
        id=rule_id,
        languages=languages,
        pattern=pattern,
        severity=severity,
        message=message,
        good=good,
        bad=bad,
        triggers=triggers,
    )


def ts_string(text: str) -> str:
    """Quote ``text`` for use inside a tree-sitter query."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Example literals, shared by all languages.
_B64_EXAMPLE = base64.b64encode(bytes((i * 73 + 41) % 256 for i in range(195))).decode()
_HEX_EXAMPLE = bytes((i * 37 + 11) % 256 for i in range(128)).hex()
ESCAPED_EXAMPLE = "".join(f"\\x{(i * 29 + 7) % 256:02x}" for i in range(128))

Check = Callable[[str], bool]


class _LiteralKind(NamedTuple):
    suffix: str
    severity: Severity
    message: str
    check: Check
    triggers: tuple[str, ...]
    folded_triggers: tuple[str, ...]
    trigger_pattern: str | None
    prefilter: str  # the regex each tree-sitter pattern runs natively before ``check``
    bad: tuple[str, ...]
    good: tuple[str, ...]


_LITERAL_KINDS = (
    _LiteralKind(
        "sensitive-path",
        Severity.WARN,
        "absolute path outside the working directory",
        sensitive_path,
        (),
        (),
        PATH_TRIGGER,
        PATH_TRIGGER,
        bad=("/proc/self/status", "/etc/hosts", "/sys/class/net", "/dev/urandom", "/home"),
        good=("/dev/stdin", "/dev/stdout", "/dev/null", "%d/%m/%Y", "/", "a/proc", "https://x.org/etc"),
    ),
    _LiteralKind(
        "escape-path",
        Severity.BLOCK,
        "path used to escape the sandbox or read host secrets",
        escape_path,
        ("sock",),
        (),
        PATH_TRIGGER,
        r"\.sock|/(proc|dev|etc|sys|var)/",
        bad=("/var/run/docker.sock", "/proc/self/mem", "/etc/shadow", "../../../etc/passwd", "/proc/1/root/"),
        good=("/dev/stdin", "/proc/self/status", "docker", "/proc/cpuinfo"),
    ),
    _LiteralKind(
        "mining",
        Severity.BLOCK,
        "crypto-mining signature",
        mining_signature,
        (),
        MINING_WORDS,
        None,
        "(?i)" + "|".join(MINING_WORDS),
        bad=("stratum+tcp://pool.minexmr.com:4444", "./XMRig --donate-level 1", "cryptonight"),
        good=("stratum", "mining", "minesweeper", "tcp://localhost"),
    ),
    _LiteralKind(
        "encoded-blob",
        Severity.WARN,
        f"encoded blob of {BLOB_LENGTH}+ characters",
        encoded_blob,
        ESCAPE_TRIGGERS,
        (),
        BLOB_TRIGGER,
        BLOB_TRIGGER + r"|\\x[0-9a-fA-F]{2}|\\[0-7]{3}|\\u[0-9a-fA-F]{4}",
        bad=(_B64_EXAMPLE, _HEX_EXAMPLE),
        good=("a" * 300, "0123456789" * 25, _B64_EXAMPLE[:150], "ab" * 150),
    ),
)


def treesitter_literal_rules(
    prefix: str,
    languages: tuple[str, ...],
    string_nodes: tuple[str, ...],
    wrap: Callable[[str], str],
    extra_bad: dict[str, tuple[str, ...]] | None = None,
) -> tuple[Rule, ...]:
    """The four literal rules for a tree-sitter language.

    ``string_nodes`` are the grammar's string literal node types; ``wrap`` turns a literal's
    content into a complete example program; ``extra_bad`` adds complete programs by rule
    suffix. Node types a grammar lacks are skipped when the query is compiled, so one list
    may serve both C and C++.
    """
    rules = []
    for kind in _LITERAL_KINDS:
        prefilter = ts_string(kind.prefilter)
        query = "\n".join(f"(({node}) @hit (#match? @hit {prefilter}))" for node in string_nodes)
        rules.append(
            Rule(
                id=f"{prefix}-{kind.suffix}",
                languages=languages,
                pattern=query,
                severity=kind.severity,
                message=kind.message,
                good=tuple(wrap(text) for text in kind.good),
                bad=(*(wrap(text) for text in kind.bad), *(extra_bad or {}).get(kind.suffix, ())),
                triggers=kind.triggers,
                folded_triggers=kind.folded_triggers,
                trigger_pattern=kind.trigger_pattern,
                accept=kind.check,
            )
        )
    return tuple(rules)


def _constant_matcher(kind: _LiteralKind) -> AstMatcher:
    blob = kind.suffix == "encoded-blob"

    def match(node: ast.AST, scope: PyScope) -> bool:
        value = node.value if isinstance(node, ast.Constant) else None
        if isinstance(value, str):
            return kind.check(value)
        if isinstance(value, bytes):
            return binary_blob(value) if blob else kind.check(value.decode("latin-1"))
        return False

    return AstMatcher(nodes=(ast.Constant,), match=match)


def python_literal_rules(wrap: Callable[[str], str]) -> tuple[Rule, ...]:
    """The four literal rules for Python, matching decoded ``ast.Constant`` values."""
    rules = []
    for kind in _LITERAL_KINDS:
        extra = ("payload = b'" + ESCAPED_EXAMPLE + "'\n",) if kind.suffix == "encoded-blob" else ()
        rules.append(
            Rule(
                id=f"py-{kind.suffix}",
                languages=("python",),
                pattern=_constant_matcher(kind),
                severity=kind.severity,
                message=kind.message,
                good=tuple(wrap(text) for text in kind.good),
                bad=(*(wrap(text) for text in kind.bad), *extra),
                triggers=kind.triggers,
                folded_triggers=kind.folded_triggers,
                trigger_pattern=kind.trigger_pattern,
            )
        )
    return tuple(rules)
