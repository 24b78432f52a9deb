"""C and C++ rules (tree-sitter queries; C++-only node types are skipped for C)."""

from __future__ import annotations

import re
from functools import partial

from staticanalysis.model import Rule, Severity
from staticanalysis.rules.common import ESCAPED_EXAMPLE, language_rule, treesitter_literal_rules, ts_string

LANGUAGES = ("c", "cpp")


def calls(*names: str, arguments: str | None = None) -> str:
    """Calls of plain functions, also as ``std::name``/``::name`` in C++.

    ``arguments``, a regular expression over the parenthesised argument list, narrows the
    match to the library function's arity where the name is a common one.
    """
    any_of = " ".join(ts_string(name) for name in names)
    args = " arguments: (argument_list) @args" if arguments else ""
    test = f" (#match? @args {ts_string(arguments)})" if arguments else ""
    return (
        f"((call_expression function: (identifier) @fn{args}) @hit (#any-of? @fn {any_of}){test})\n"
        f"((call_expression function: (qualified_identifier name: (identifier) @fn){args}) @hit"
        f" (#any-of? @fn {any_of}){test})"
    )


def includes(*headers: str) -> str:
    """``#include`` of one of ``headers`` (regular expressions), with <> or quotes."""
    regex = '^[<"](' + "|".join(headers) + ')[>"]$'
    return (
        "((preproc_include path: [(system_lib_string) (string_literal)] @hit)"
        f" (#match? @hit {ts_string(regex)}))"
    )


def _program(body: str, head: str = "") -> str:
    return f"{head}int main(void) {{\n    {body}\n    return 0;\n}}\n"


_rule = partial(language_rule, LANGUAGES)


_A_PLUS_B = _program(
    'int a, b;\n    scanf("%d %d", &a, &b);\n    printf("%d\\n", a + b);', "#include <stdio.h>\n"
)

_ESCAPING_INCLUDE = re.compile(r"^[<\"]\s*(?:/|\.\.[/\\]|.*[/\\]\.\.[/\\])")


def _escaping_include(path: str) -> bool:
    """Absolute or parent-relative includes read files outside the submission (or hang on /dev)."""
    return _ESCAPING_INCLUDE.match(path) is not None


_EXEC_CALLS = (
    "execl",
    "execle",
    "execlp",
    "execv",
    "execve",
    "execvp",
    "execvpe",
    "fexecve",
    "posix_spawn",
    "posix_spawnp",
)
_PRIVILEGED_CALLS = (
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "unshare",
    "setns",
    "mount",
    "umount",
    "umount2",
    "chroot",
    "pivot_root",
    "prctl",
    "seccomp",
    "bpf",
    "init_module",
    "finit_module",
    "kexec_load",
    "reboot",
)
_SIGNAL_CALLS = (
    "signal",
    "sigaction",
    "alarm",
    "ualarm",
    "setitimer",
    "timer_create",
    "timer_settime",
    "sigprocmask",
    "pthread_kill",
)

RULES: tuple[Rule, ...] = (
    _rule(
        "c-system",
        Severity.BLOCK,
        "runs a shell command",
        calls("system", "popen", "_popen", "wordexp"),
        ("system", "popen", "wordexp"),
        bad=(
            _program('system("ls");', "#include <stdlib.h>\n"),
            _program('FILE *f = popen("id", "r");\n    pclose(f);', "#include <stdio.h>\n"),
        ),
        good=(_A_PLUS_B, "int system_count;\nint main(void) { return system_count; }\n"),
    ),
    _rule(
        "c-fork",
        Severity.BLOCK,
        "creates a new process",
        # fork() takes no arguments and clone() at least three: persistent data structures
        # routinely define a one-argument clone(node) of their own.
        calls("fork", "vfork", arguments=r"^\(\s*\)$")
        + "\n"
        + calls("clone", arguments=r"^\([^,]*,[^,]*,")
        + "\n"
        + calls("clone3", "forkpty", "daemon"),
        ("fork", "vfork", "clone", "clone3", "forkpty", "daemon"),
        bad=(
            _program("if (fork() == 0) { for (;;); }", "#include <unistd.h>\n"),
            _program("vfork();"),
            _program("static char stack[4096];\n    clone(0, stack + 4096, 0x11, 0);"),
        ),
        good=(
            _A_PLUS_B,
            "int clone_of(int x) { return x; }\nint main(void) { return clone_of(0); }\n",
            "int t[100], cnt;\nint clone(int v) { t[++cnt] = t[v]; return cnt; }\n"
            "int main(void) { return clone(clone(0)); }\n",
            "void fork(int depth) { if (depth) fork(depth - 1); }\nint main(void) { fork(3); return 0; }\n",
        ),
    ),
    _rule(
        "c-exec",
        Severity.BLOCK,
        "replaces the process with another program",
        calls(*_EXEC_CALLS),
        _EXEC_CALLS,
        bad=(
            _program('char *argv[] = {"sh", 0};\n    execve("sh", argv, 0);', "#include <unistd.h>\n"),
            _program('execlp("ls", "ls", (char *)0);'),
        ),
        good=(_A_PLUS_B, "int execute(int x) { return x; }\nint main(void) { return execute(0); }\n"),
    ),
    _rule(
        "c-socket",
        Severity.BLOCK,
        "uses the network",
        calls("socket", "socketpair", "getaddrinfo", "gethostbyname", "gethostbyname2")
        + "\n"
        + includes(
            r"sys/socket\.h",
            r"netinet/.*",
            r"arpa/inet\.h",
            r"netdb\.h",
            r"sys/un\.h",
            r"linux/(netlink|if_.*)\.h",
            r"boost/asio.*",
        ),
        (
            "socket",
            "socketpair",
            "getaddrinfo",
            "gethostbyname",
            "gethostbyname2",
            "netinet",
            "arpa",
            "netdb",
            "sys/un",
            "linux",
            "asio",
        ),
        bad=(
            _program("int fd = socket(2, 1, 0);\n    (void)fd;"),
            "#include <sys/socket.h>\nint main(void) { return 0; }\n",
            '#include "arpa/inet.h"\nint main(void) { return 0; }\n',
        ),
        good=(_A_PLUS_B, "#include <string.h>\nint main(void) { return 0; }\n"),
    ),
    _rule(
        "c-asm",
        Severity.BLOCK,
        "inline assembly",
        '(gnu_asm_expression) @hit\n((identifier) @hit (#any-of? @hit "asm" "__asm" "__asm__"))',
        ("asm", "__asm", "__asm__"),
        bad=(_program('__asm__ volatile("nop");'), _program('asm("syscall");')),
        good=(_A_PLUS_B, "int plasma(int x) { return x; }\nint main(void) { return plasma(0); }\n"),
    ),
    _rule(
        "c-syscall",
        Severity.BLOCK,
        "raw system call",
        calls("syscall", "__syscall", "syscall6") + "\n" + includes(r"sys/syscall\.h", r"asm/unistd.*\.h"),
        ("syscall", "__syscall", "syscall6", "asm"),
        bad=(
            _program("syscall(39);", "#include <unistd.h>\n"),
            "#include <sys/syscall.h>\nint main(void) { return 0; }\n",
        ),
        good=(_A_PLUS_B, _program("char buf[16];\n    read(0, buf, sizeof buf);", "#include <unistd.h>\n")),
    ),
    _rule(
        "c-dlopen",
        Severity.BLOCK,
        "loads a shared library at run time",
        calls("dlopen", "dlmopen", "dlsym", "dlvsym") + "\n" + includes(r"dlfcn\.h"),
        ("dlopen", "dlmopen", "dlsym", "dlvsym", "dlfcn"),
        bad=(
            _program('void *h = dlopen("libc.so.6", 2);\n    (void)h;'),
            "#include <dlfcn.h>\nint main(void) { return 0; }\n",
        ),
        good=(_A_PLUS_B,),
    ),
    _rule(
        "c-privileged",
        Severity.BLOCK,
        "debugging, namespace or mount call used to escape a sandbox",
        calls(*_PRIVILEGED_CALLS)
        + "\n"
        + includes(r"sys/ptrace\.h", r"sys/mount\.h", r"sys/prctl\.h", r"linux/seccomp\.h", r"sched\.h"),
        (*_PRIVILEGED_CALLS, "sched"),
        bad=(
            _program("ptrace(0, 0, 0, 0);", "#include <sys/ptrace.h>\n"),
            _program('chroot("jail");'),
            _program("unshare(0x10000000);"),
        ),
        good=(_A_PLUS_B, "int mount_count;\nint main(void) { return mount_count; }\n"),
    ),
    Rule(
        id="c-device-include",
        languages=LANGUAGES,
        pattern="(preproc_include path: [(system_lib_string) (string_literal)] @hit)",
        severity=Severity.BLOCK,
        message="includes a file outside the submission (absolute, parent or device path)",
        good=(_A_PLUS_B, '#include "bits/stdc++.h"\nint main(void) { return 0; }\n'),
        bad=(
            '#include "/dev/urandom"\nint main(void) { return 0; }\n',
            "#include </etc/passwd>\nint main(void) { return 0; }\n",
            '#include "../../flag.txt"\nint main(void) { return 0; }\n',
            '#include "x/../../../etc/hostname"\nint main(void) { return 0; }\n',
        ),
        triggers=('"/', "</", '"..', "<..", "/.."),
        accept=_escaping_include,
    ),
    _rule(
        "c-signal",
        Severity.WARN,
        "installs signal handlers or timers",
        calls(*_SIGNAL_CALLS),
        _SIGNAL_CALLS,
        bad=(
            _program("signal(14, SIG_IGN);", "#include <signal.h>\n"),
            _program("alarm(10);", "#include <unistd.h>\n"),
            _program("struct itimerval t = {0};\n    setitimer(0, &t, 0);", "#include <sys/time.h>\n"),
        ),
        good=(_A_PLUS_B, "int alarm_count;\nint main(void) { return alarm_count; }\n"),
    ),
    *treesitter_literal_rules(
        "c",
        LANGUAGES,
        ("string_literal", "raw_string_literal"),
        lambda text: f'const char *p = "{text}";\n',
        extra_bad={"encoded-blob": (f'const char *code = "{ESCAPED_EXAMPLE}";\n',)},
    ),
)
