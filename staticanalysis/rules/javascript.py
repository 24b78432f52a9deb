"""JavaScript (Node.js) rules (tree-sitter queries)."""

from __future__ import annotations

from functools import partial

from staticanalysis.model import Rule, Severity
from staticanalysis.rules.common import ESCAPED_EXAMPLE, language_rule, treesitter_literal_rules, ts_string

LANGUAGES = ("javascript",)
_STRINGS = "[(string) (template_string)]"


def modules(regex: str) -> str:
    """``require``/``import`` of a module whose name (``node:`` optional) matches ``regex``."""
    name = ts_string("^[\"'`](node:)?(" + regex + ")[\"'`]$")
    return "\n".join(
        (
            f"((call_expression function: (identifier) @f arguments: (arguments . {_STRINGS} @hit))"
            f' (#eq? @f "require") (#match? @hit {name}))',
            "((call_expression function: (member_expression property: (property_identifier) @f)"
            f' arguments: (arguments . {_STRINGS} @hit)) (#eq? @f "require") (#match? @hit {name}))',
            f"((call_expression function: (import) arguments: (arguments . {_STRINGS} @hit))"
            f" (#match? @hit {name}))",
            f"((import_statement source: (string) @hit) (#match? @hit {name}))",
            f"((export_statement source: (string) @hit) (#match? @hit {name}))",
        )
    )


def _quoted(*prefixes: str) -> tuple[str, ...]:
    """Triggers for string literals starting with ``prefix`` (module names in require/import)."""
    return tuple(quote + prefix for prefix in prefixes for quote in "\"'`")


def calls(*functions: str) -> str:
    any_of = " ".join(ts_string(name) for name in functions)
    return f"((call_expression function: (identifier) @f) @hit (#any-of? @f {any_of}))"


def process_members(*members: str) -> str:
    any_of = " ".join(ts_string(name) for name in members)
    return (
        "((member_expression object: (identifier) @o property: (property_identifier) @p) @hit"
        f' (#eq? @o "process") (#any-of? @p {any_of}))'
    )


_A_PLUS_B = (
    'const data = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\n'
    "console.log(data[0] + data[1]);\n"
)
_CHILD_PROCESS = ts_string("^[\"'`](node:)?child_process[\"'`]$")
_DECODERS = ts_string(r"atob|Buffer\.from|fromCharCode|unescape|decodeURIComponent|base64|\\x[0-9a-fA-F]{2}")


_rule = partial(language_rule, LANGUAGES)


RULES: tuple[Rule, ...] = (
    _rule(
        "js-child-process",
        Severity.BLOCK,
        "starts another program",
        f"({_STRINGS} @hit (#match? @hit {_CHILD_PROCESS}))\n" + modules("cluster"),
        ("child_process", "cluster"),
        bad=(
            'const cp = require("child_process");\ncp.execSync("ls");\n',
            'import { exec } from "node:child_process";\n',
            "process.mainModule.require('child_process').execSync('id');\n",
            'const cluster = require("cluster");\n',
        ),
        good=(_A_PLUS_B, 'console.log("child process");\n'),
    ),
    _rule(
        "js-network",
        Severity.BLOCK,
        "uses the network",
        modules(
            r"net|http|https|http2|dgram|tls|dns|dns/promises|inspector|axios|node-fetch|undici|ws|socket\.io-client"
            r"|request"
        )
        + "\n"
        + calls("fetch")
        + "\n((call_expression function: (member_expression property: (property_identifier) @f)) @hit"
        + ' (#eq? @f "fetch"))'
        + '\n((identifier) @hit (#any-of? @hit "XMLHttpRequest" "WebSocket" "EventSource"))',
        _quoted("net", "http", "dgram", "tls", "dns", "inspector", "axios", "node", "undici", "ws", "socket")
        + _quoted("request")
        + ("fetch", "XMLHttpRequest", "WebSocket", "EventSource"),
        bad=(
            'const net = require("net");\nnet.connect(80, "x");\n',
            'import http from "node:http";\n',
            'fetch("http://x").then((r) => r.text());\n',
            'const ws = new WebSocket("ws://x");\n',
        ),
        good=(_A_PLUS_B, 'console.log("http://example.com");\n', 'const fs = require("fs");\n'),
    ),
    _rule(
        "js-eval",
        Severity.WARN,
        "evaluates dynamically built code",
        calls("eval", "Function")
        + '\n((new_expression constructor: (identifier) @f) @hit (#eq? @f "Function"))\n'
        + f"((call_expression function: (identifier) @f arguments: (arguments . {_STRINGS})) @hit"
        + ' (#any-of? @f "setTimeout" "setInterval"))\n'
        + modules("vm"),
        ("eval", "Function", "setTimeout", "setInterval", *_quoted("vm", "node")),
        bad=(
            'console.log(eval("1 + 2"));\n',
            'const f = new Function("a", "return a");\n',
            'setTimeout("console.log(1)", 0);\n',
            'const vm = require("vm");\n',
        ),
        good=(_A_PLUS_B, "setTimeout(() => console.log(1), 0);\nconst evaluate = (x) => x;\n"),
    ),
    _rule(
        "js-decode-exec",
        Severity.BLOCK,
        "executes a decoded payload",
        "((call_expression function: (identifier) @f arguments: (arguments) @check) @hit"
        f' (#any-of? @f "eval" "Function") (#match? @check {_DECODERS}))\n'
        "((new_expression constructor: (identifier) @f arguments: (arguments) @check) @hit"
        f' (#eq? @f "Function") (#match? @check {_DECODERS}))',
        ("eval", "Function"),
        bad=(
            'eval(atob("Y29uc29sZS5sb2coMSk="));\n',
            'new Function(Buffer.from("Y29uc29sZS5sb2coMSk=", "base64").toString())();\n',
            "eval(String.fromCharCode(99, 111));\n",
        ),
        good=('eval("1 + 2");\n', 'console.log(atob("aGk="));\n'),
    ),
    _rule(
        "js-native",
        Severity.BLOCK,
        "loads native code or internal bindings",
        process_members("binding", "_linkedBinding", "dlopen")
        + "\n"
        + modules(r"ffi-napi|ffi|node-ffi|.*\.node"),
        ("binding", "_linkedBinding", "dlopen", "ffi", ".node"),
        bad=(
            'process.binding("spawn_sync");\n',
            'process.dlopen(module, "x.node");\n',
            'const ffi = require("ffi-napi");\n',
        ),
        good=(_A_PLUS_B, "const node = { binding: 1 };\nconsole.log(node.binding);\n"),
    ),
    _rule(
        "js-signal",
        Severity.WARN,
        "installs signal handlers or sends signals",
        "((call_expression function: (member_expression object: (identifier) @o"
        " property: (property_identifier) @p) arguments: (arguments . (string) @s)) @hit"
        ' (#eq? @o "process")'
        ' (#any-of? @p "on" "once" "addListener" "prependListener") (#match? @s "^.SIG"))\n'
        "((call_expression function: (member_expression object: (identifier) @o"
        ' property: (property_identifier) @p)) @hit (#eq? @o "process") (#eq? @p "kill"))',
        (*_quoted("SIG"), "kill"),
        bad=('process.on("SIGALRM", () => {});\n', 'process.kill(process.pid, "SIGKILL");\n'),
        good=(_A_PLUS_B, 'process.on("exit", () => {});\n'),
    ),
    *treesitter_literal_rules(
        "js",
        LANGUAGES,
        ("string", "template_string"),
        lambda text: f'const p = "{text}";\n',
        extra_bad={"encoded-blob": (f'const code = "{ESCAPED_EXAMPLE}";\n',)},
    ),
)
