"""Go rules (tree-sitter queries)."""

from __future__ import annotations

from functools import partial

from staticanalysis.model import Rule, Severity
from staticanalysis.rules.common import ESCAPED_EXAMPLE, language_rule, treesitter_literal_rules, ts_string

LANGUAGES = ("go",)


def imports(regex: str) -> str:
    """Import specs whose path (interpreted or raw string) matches ``regex``."""
    path = ts_string('^["`](' + regex + ')["`]$')
    return f"((import_spec path: (_) @hit) (#match? @hit {path}))"


def selectors(packages: tuple[str, ...], members: tuple[str, ...]) -> str:
    """``package.Member`` references, for the packages' default names."""
    operands = " ".join(ts_string(name) for name in packages)
    fields = " ".join(ts_string(name) for name in members)
    return (
        "((selector_expression operand: (identifier) @o field: (field_identifier) @f) @hit"
        f" (#any-of? @o {operands}) (#any-of? @f {fields}))"
    )


def _program(body: str, *packages: str) -> str:
    imported = "\n".join(f'\t"{name}"' for name in ("fmt", *packages))
    return f"package main\n\nimport (\n{imported}\n)\n\nfunc main() {{\n\t{body}\n\tfmt.Println()\n}}\n"


_A_PLUS_B = (
    'package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n'
    "\tin := bufio.NewReader(os.Stdin)\n\tvar a, b int64\n\tfmt.Fscan(in, &a, &b)\n\tfmt.Println(a + b)\n}\n"
)


_rule = partial(language_rule, LANGUAGES)


RULES: tuple[Rule, ...] = (
    _rule(
        "go-process",
        Severity.BLOCK,
        "starts another program",
        imports("os/exec")
        + "\n"
        + selectors(("os", "syscall", "unix"), ("StartProcess", "ForkExec", "Exec")),
        ("os/exec", "StartProcess", "ForkExec", "Exec"),
        bad=(
            _program('exec.Command("ls").Run()', "os/exec"),
            _program('syscall.Exec("/bin/sh", nil, nil)', "syscall"),
            _program('os.StartProcess("ls", nil, nil)', "os"),
        ),
        good=(_A_PLUS_B,),
    ),
    _rule(
        "go-net",
        Severity.BLOCK,
        "uses the network",
        imports(
            r"net|net/http.*|net/rpc.*|net/smtp|net/textproto|crypto/tls|golang\.org/x/net.*"
            r"|nhooyr\.io/websocket|github\.com/gorilla/websocket"
        ),
        ('"net', "`net", "crypto/tls", "golang.org/x/net", "websocket"),
        bad=(
            _program('net.Dial("tcp", "x:80")', "net"),
            _program('http.Get("http://x")', "net/http"),
            'package main\n\nimport `net`\n\nfunc main() { net.Dial("tcp", "x:80") }\n',
        ),
        good=(_A_PLUS_B, _program('url.Parse("http://x")', "net/url")),
    ),
    _rule(
        "go-native",
        Severity.BLOCK,
        "cgo or plugins: native code",
        imports("C|plugin|runtime/cgo"),
        ('"C"', "`C`", "plugin", "runtime/cgo"),
        bad=(
            'package main\n\n// #include <stdlib.h>\nimport "C"\n\nfunc main() { C.system(nil) }\n',
            _program('plugin.Open("x.so")', "plugin"),
        ),
        good=(_A_PLUS_B,),
    ),
    _rule(
        "go-syscall",
        Severity.WARN,
        "raw system calls or runtime internals",
        imports(r"syscall|golang\.org/x/sys/.*|internal/.*")
        + '\n((comment) @hit (#match? @hit "^//go:(linkname|cgo_)"))',
        ("syscall", "golang.org/x/sys", "internal/", "go:linkname", "go:cgo_"),
        bad=(
            _program("syscall.Getpid()", "syscall"),
            'package main\n\nimport _ "unsafe"\n\n//go:linkname nanotime runtime.nanotime\n'
            "func nanotime() int64\n\nfunc main() {}\n",
        ),
        good=(_A_PLUS_B,),
    ),
    _rule(
        "go-unsafe",
        Severity.WARN,
        "unsafe pointer arithmetic",
        imports("unsafe"),
        ("unsafe",),
        bad=(_program('b := []byte("x")\n\ts := *(*string)(unsafe.Pointer(&b))\n\tfmt.Print(s)', "unsafe"),),
        good=(_A_PLUS_B,),
    ),
    _rule(
        "go-signal",
        Severity.WARN,
        "installs signal handlers or sends signals",
        imports("os/signal")
        + "\n"
        + selectors(("syscall", "unix"), ("Kill", "Tgkill", "Setitimer", "Alarm")),
        ("os/signal", "Kill", "Tgkill", "Setitimer", "Alarm"),
        bad=(
            _program("c := make(chan os.Signal, 1)\n\tsignal.Notify(c)", "os", "os/signal"),
            _program("syscall.Kill(1, 9)", "syscall"),
        ),
        good=(_A_PLUS_B,),
    ),
    *treesitter_literal_rules(
        "go",
        LANGUAGES,
        ("interpreted_string_literal", "raw_string_literal"),
        lambda text: f'package main\n\nvar p = "{text}"\n',
        extra_bad={"encoded-blob": (f'package main\n\nvar code = "{ESCAPED_EXAMPLE}"\n',)},
    ),
)
