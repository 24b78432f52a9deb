"""Rust rules (tree-sitter queries)."""

from __future__ import annotations

import re
from functools import partial

from staticanalysis.model import Rule, Severity
from staticanalysis.rules.common import ESCAPED_EXAMPLE, language_rule, treesitter_literal_rules, ts_string

LANGUAGES = ("rust",)


def names(*identifiers: str) -> str:
    any_of = " ".join(ts_string(name) for name in identifiers)
    return f"([(identifier) (type_identifier)] @hit (#any-of? @hit {any_of}))"


def paths(module_regex: str, *members: str) -> str:
    """``module::Member`` paths and ``use module::{Member, ...}`` lists."""
    module = ts_string("(^|::)(" + module_regex + ")$")
    any_of = " ".join(ts_string(name) for name in members)
    return "\n".join(
        (
            "((scoped_identifier path: (_) @p name: (identifier) @hit)"
            f" (#any-of? @hit {any_of}) (#match? @p {module}))",
            "((scoped_use_list path: (_) @p list: (use_list (identifier) @hit))"
            f" (#any-of? @hit {any_of}) (#match? @p {module}))",
            "((scoped_use_list path: (_) @p list: (use_list (use_as_clause path: (identifier) @hit)))"
            f" (#any-of? @hit {any_of}) (#match? @p {module}))",
        )
    )


def macros(*names: str) -> str:
    any_of = " ".join(ts_string(name) for name in names)
    return (
        "((macro_invocation macro: [(identifier) @m (scoped_identifier name: (identifier) @m)]) @hit"
        f" (#any-of? @m {any_of}))"
    )


_A_PLUS_B = (
    "use std::io::{self, Read};\n\nfn main() {\n    let mut s = String::new();\n"
    "    io::stdin().read_to_string(&mut s).unwrap();\n"
    "    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n"
    '    println!("{}", v[0] + v[1]);\n}\n'
)

_ESCAPING_PATH = re.compile(r'^(?:b|r#*|br#*)?"\s*(?:/|\.\.[/\\]|.*[/\\]\.\.[/\\])')


def _escaping_path(literal: str) -> bool:
    return _ESCAPING_PATH.match(literal) is not None


_rule = partial(language_rule, LANGUAGES)


_STRINGS = "[(string_literal) (raw_string_literal)]"
_NETWORK_NAMES = (
    "TcpStream",
    "TcpListener",
    "UdpSocket",
    "UnixStream",
    "UnixListener",
    "UnixDatagram",
    "reqwest",
    "hyper",
    "ureq",
)

RULES: tuple[Rule, ...] = (
    _rule(
        "rs-process",
        Severity.BLOCK,
        "starts another program",
        paths("process", "Command")
        + "\n"
        + paths(r"libc|nix::unistd", "fork", "execv", "execve", "execvp", "system", "popen", "posix_spawn")
        # an alias for the module hides the paths above: use std::process as p; p::Command
        + '\n((use_as_clause path: (_) @p) @hit (#match? @p "(^|::)process$"))',
        ("Command", "process", "fork", "execv", "execve", "execvp", "system", "popen", "posix_spawn"),
        bad=(
            'use std::process::Command;\n\nfn main() {\n    Command::new("ls").status().unwrap();\n}\n',
            'fn main() {\n    std::process::Command::new("ls").spawn().unwrap();\n}\n',
            "use std::process::{Command as Cmd, Stdio};\n\nfn main() {}\n",
            'use std::process as p;\n\nfn main() {\n    p::Command::new("ls");\n}\n',
            "fn main() {\n    unsafe { libc::fork(); }\n}\n",
        ),
        good=(
            _A_PLUS_B,
            "use std::process::exit;\n\nfn main() {\n    exit(0);\n}\n",
            "enum Command {\n    Add,\n}\n\nfn main() {\n    let _c = Command::Add;\n}\n",
        ),
    ),
    _rule(
        "rs-net",
        Severity.BLOCK,
        "uses the network",
        '((scoped_identifier path: (_) name: (identifier) @hit) (#eq? @hit "net"))\n'
        + names(*_NETWORK_NAMES),
        (*_NETWORK_NAMES, "net"),
        bad=(
            'use std::net::TcpStream;\n\nfn main() {\n    let _s = TcpStream::connect("127.0.0.1:80");\n}\n',
            'fn main() {\n    let _ = std::net::UdpSocket::bind("0.0.0.0:0");\n}\n',
        ),
        good=(_A_PLUS_B, 'fn main() {\n    let net = 5;\n    println!("{}", net);\n}\n'),
    ),
    _rule(
        "rs-unsafe",
        Severity.WARN,
        "unsafe code (acceptable for fast I/O, worth a look otherwise)",
        '(unsafe_block) @hit\n((function_modifiers "unsafe" @hit))\n((impl_item "unsafe" @hit))\n'
        '((trait_item "unsafe" @hit))',
        ("unsafe",),
        bad=(
            "fn main() {\n    let v = vec![b'a'];\n"
            "    let s = unsafe { std::str::from_utf8_unchecked(&v) };\n"
            '    println!("{}", s);\n}\n',
            "unsafe fn f() {}\n\nfn main() {}\n",
            "struct X;\nunsafe impl Send for X {}\n\nfn main() {}\n",
        ),
        good=(_A_PLUS_B,),
    ),
    _rule(
        "rs-ffi",
        Severity.BLOCK,
        "declares or calls foreign (C) functions",
        "(foreign_mod_item) @hit\n"
        '((identifier) @hit (#eq? @hit "libc"))\n'
        '((attribute_item (attribute (identifier) @hit)) (#any-of? @hit "link" "link_name"))',
        ("extern", "libc", "link", "link_name"),
        bad=(
            'extern "C" {\n    fn system(cmd: *const u8) -> i32;\n}\n\nfn main() {}\n',
            "fn main() {\n    unsafe { libc::getpid(); }\n}\n",
            '#[link(name = "c")]\nextern {}\n\nfn main() {}\n',
        ),
        good=(_A_PLUS_B, 'fn main() {\n    let link = 1;\n    println!("{}", link);\n}\n'),
    ),
    _rule(
        "rs-asm",
        Severity.BLOCK,
        "inline assembly",
        macros("asm", "global_asm", "llvm_asm", "naked_asm"),
        ("asm", "global_asm", "llvm_asm", "naked_asm"),
        bad=(
            'use std::arch::asm;\n\nfn main() {\n    unsafe { asm!("nop"); }\n}\n',
            'fn main() {\n    unsafe { std::arch::asm!("nop"); }\n}\n',
            'std::arch::global_asm!("");\n\nfn main() {}\n',
        ),
        good=(_A_PLUS_B, 'fn main() {\n    let asm = 1;\n    println!("{}", asm);\n}\n'),
    ),
    Rule(
        id="rs-include-path",
        languages=LANGUAGES,
        pattern=(
            f"((macro_invocation macro: (identifier) @m (token_tree {_STRINGS} @check))"
            ' @hit (#any-of? @m "include_str" "include_bytes" "include"))\n'
            f"((attribute_item (attribute (identifier) @m value: {_STRINGS} @check))"
            ' @hit (#eq? @m "path"))'
        ),
        severity=Severity.BLOCK,
        message="includes a file outside the submission at compile time",
        good=(
            _A_PLUS_B,
            'fn main() {\n    let s = include_str!("input.txt");\n    println!("{}", s);\n}\n',
        ),
        bad=(
            'fn main() {\n    let s = include_str!("/etc/passwd");\n    println!("{}", s);\n}\n',
            'static D: &[u8] = include_bytes!("../../secret");\n\nfn main() {}\n',
            '#[path = "/etc/hostname"]\nmod m;\n\nfn main() {}\n',
        ),
        triggers=('"/', '"..', "/.."),
        accept=_escaping_path,
    ),
    *treesitter_literal_rules(
        "rs",
        LANGUAGES,
        ("string_literal", "raw_string_literal"),
        lambda text: f'static P: &str = "{text}";\n\nfn main() {{}}\n',
        extra_bad={"encoded-blob": (f'static CODE: &str = "{ESCAPED_EXAMPLE}";\n\nfn main() {{}}\n',)},
    ),
)
