"""Python rules: matchers over ``ast`` nodes, resolved through ``PyScope``."""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import partial

from staticanalysis.model import AstMatcher, Rule, Severity
from staticanalysis.pyscope import LOCAL, NameSet, PyScope
from staticanalysis.rules.common import language_rule, python_literal_rules

NameTest = Callable[[str], bool]

_IMPORTS = (ast.Import, ast.ImportFrom)
_REFERENCES = (ast.Name, ast.Attribute, ast.Call, ast.Subscript)


def imported_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    """Fully qualified names an import statement binds (``from a import b`` gives a, a.b)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level or not node.module:
        return []
    return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")]


def qualified(exact: tuple[str, ...] = (), modules: tuple[str, ...] = ()) -> NameSet:
    """Names equal to one of ``exact`` or inside one of ``modules``."""
    return NameSet(exact=frozenset(exact), modules=frozenset(modules))


def names_matcher(names: NameSet | NameTest, *, imports: bool = True) -> AstMatcher:
    """Match imports (unless ``imports`` is false) and references whose resolved name is in ``names``."""
    test = names.matches if isinstance(names, NameSet) else names

    def match(node: ast.AST, scope: PyScope) -> bool:
        if isinstance(node, _IMPORTS):
            return any(test(name) for name in imported_names(node))
        return any(test(name) for name in scope.resolve(node) if not name.startswith(LOCAL))

    return AstMatcher(
        nodes=(*_IMPORTS, *_REFERENCES) if imports else _REFERENCES,
        match=match,
        names=names if isinstance(names, NameSet) else None,
    )


_rule = partial(language_rule, ("python",))


_BUILTINS_NAMES = ("builtins", "__builtins__")


def _is_builtins(name: str) -> bool:
    return name in _BUILTINS_NAMES or name.startswith("builtins.") or name.endswith(".__builtins__")


def _builtins_access(node: ast.AST, scope: PyScope) -> bool:
    """``__builtins__`` and the ``builtins`` module: the usual way around name-based checks."""
    if isinstance(node, ast.Name):
        # Cheap on purpose: this runs for every name in the module.
        return node.id == "__builtins__" or scope.aliases.get(node.id) in _BUILTINS_NAMES
    if isinstance(node, ast.Attribute) and node.attr == "__builtins__":
        return True
    if isinstance(node, _IMPORTS):
        return any(_is_builtins(name) for name in imported_names(node))
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and key.value == "__builtins__":
            return True
    return any(_is_builtins(name) for name in scope.resolve(node))


_INTROSPECTION_ATTRS = frozenset(
    {
        "__subclasses__",
        "__globals__",
        "__code__",
        "__closure__",
        "__base__",
        "__bases__",
        "__mro__",
        "__self__",
        "f_globals",
        "f_builtins",
        "f_locals",
        "f_back",
        "gi_frame",
        "gi_code",
        "cr_frame",
        "tb_frame",
    }
)
_INTROSPECTION_NAMES = frozenset(
    {"sys._getframe", "inspect.currentframe", "inspect.stack", "gc.get_referrers", "gc.get_objects"}
)


def _introspective(name: str) -> bool:
    return name in _INTROSPECTION_NAMES or name.rsplit(".", 1)[-1] in _INTROSPECTION_ATTRS


def _introspection(node: ast.AST, scope: PyScope) -> bool:
    """Object-graph walking (``().__class__.__base__.__subclasses__()``) reaches any module."""
    if isinstance(node, ast.Attribute) and node.attr in _INTROSPECTION_ATTRS:
        return True
    if isinstance(node, _IMPORTS):
        return any(_introspective(name) for name in imported_names(node))
    # Attributes of imported modules, getattr(x, "__globals__") and the like.
    return any(_introspective(name) for name in scope.resolve(node))


def _dynamic_getattr(node: ast.AST, scope: PyScope) -> bool:
    """``getattr(os, name)`` with a computed name: constants are resolved, this cannot be."""
    if not isinstance(node, ast.Call) or len(node.args) < 2:
        return False
    if not any(name in ("getattr", "setattr", "delattr") for name in scope.resolve(node.func)):
        return False
    name = node.args[1]
    if isinstance(name, ast.Constant) and isinstance(name.value, str):
        return False
    # Only modules and builtins: attributes of the submission's own objects are its business.
    return any(not base.startswith(LOCAL) for base in scope.resolve(node.args[0]))


_EXEC_FUNCTIONS = frozenset({"eval", "exec", "compile"})


def _decode_exec(node: ast.AST, scope: PyScope) -> bool:
    """``exec(b64decode(...))`` and friends, including through a variable."""
    if not isinstance(node, ast.Call):
        return False
    if not any(name in _EXEC_FUNCTIONS for name in scope.resolve(node.func)):
        return False
    arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
    return any(scope.contains_decode(argument) for argument in arguments)


def _wrap_literal(text: str) -> str:
    return f"p = {text!r}\n"


_EXEC_NAMES = (
    "execl",
    "execle",
    "execlp",
    "execlpe",
    "execv",
    "execve",
    "execvp",
    "execvpe",
    "spawnl",
    "spawnle",
    "spawnlp",
    "spawnlpe",
    "spawnv",
    "spawnve",
    "spawnvp",
    "spawnvpe",
    "posix_spawn",
    "posix_spawnp",
)
_NETWORK_MODULES = (
    "socket",
    "_socket",
    "ssl",
    "_ssl",
    "socketserver",
    "urllib.request",
    "urllib2",
    "urllib3",
    "http.client",
    "http.server",
    "httplib",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "nntplib",
    "telnetlib",
    "xmlrpc",
    "webbrowser",
)

RULES: tuple[Rule, ...] = (
    _rule(
        "py-os-system",
        Severity.BLOCK,
        "runs a shell command",
        names_matcher(
            qualified(
                (
                    "os.system",
                    "os.popen",
                    "os.startfile",
                    "posix.system",
                    "posix.popen",
                    "pty.spawn",
                    "platform.popen",
                    "commands.getoutput",
                    "commands.getstatusoutput",
                )
            )
        ),
        ("system", "popen", "startfile", "spawn", "getoutput", "getstatusoutput"),
        bad=(
            "import os\nos.system('ls')\n",
            "from os import system as run\nrun('ls')\n",
            "import os as o\no.popen('id').read()\n",
            "getattr(__import__('os'), 'system')('id')\n",
            "from os import *\nsystem('id')\n",
            "import os\nshell = os.system\nshell('id')\n",
        ),
        good=(
            "import os\nprint(os.getcwd())\n",
            "import sys\nsys.stdout.write('system')\n",
            "def system(x):\n    return x\n\n\nsystem(1)\n",
        ),
    ),
    _rule(
        "py-os-exec",
        Severity.BLOCK,
        "replaces the process or spawns a program",
        names_matcher(
            qualified(tuple(f"{module}.{name}" for module in ("os", "posix") for name in _EXEC_NAMES))
        ),
        _EXEC_NAMES,
        bad=(
            "import os\nos.execv('sh', ['sh'])\n",
            "import os\nos.spawnlp(os.P_WAIT, 'ls', 'ls')\n",
            "import os\nos.posix_spawn('ls', ['ls'], {})\n",
            "from os import execvp\nexecvp('sh', ['sh'])\n",
        ),
        good=("import os\nprint(os.path.exists('x'))\n", "def execute(a):\n    return a\n"),
    ),
    _rule(
        "py-os-fork",
        Severity.BLOCK,
        "forks the process",
        names_matcher(qualified(("os.fork", "os.forkpty", "posix.fork", "pty.fork"))),
        ("fork", "forkpty"),
        bad=("import os\npid = os.fork()\n", "from os import fork\nfork()\n", "import pty\npty.fork()\n"),
        good=("fork = [1, 2]\nprint(fork[0])\n", "import os\nprint(os.cpu_count())\n"),
    ),
    _rule(
        "py-subprocess",
        Severity.BLOCK,
        "starts another program",
        names_matcher(
            qualified(
                ("asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell"),
                ("subprocess", "_posixsubprocess", "pty"),
            )
        ),
        ("subprocess", "_posixsubprocess", "pty", "create_subprocess_exec", "create_subprocess_shell"),
        bad=(
            "import subprocess\nsubprocess.run(['ls'])\n",
            "from subprocess import Popen\nPopen('ls')\n",
            "__import__('subprocess').check_output('id')\n",
            "import asyncio\nasyncio.create_subprocess_shell('ls')\n",
            "import importlib\nsp = importlib.import_module('subprocess')\n",
        ),
        good=("import sys\nprint(sys.argv)\n", "subprocess = 3\nprint(subprocess)\n"),
    ),
    _rule(
        "py-multiprocessing",
        Severity.BLOCK,
        "creates worker processes",
        names_matcher(
            qualified(
                ("concurrent.futures.ProcessPoolExecutor",), ("multiprocessing", "concurrent.futures.process")
            )
        ),
        ("multiprocessing", "ProcessPoolExecutor", "process"),
        bad=(
            "import multiprocessing\np = multiprocessing.Process(target=print)\n",
            "from concurrent.futures import ProcessPoolExecutor\nProcessPoolExecutor()\n",
            "from multiprocessing import Pool\n",
        ),
        good=(
            "import threading\nthreading.Thread(target=print).start()\n",
            "from concurrent.futures import ThreadPoolExecutor\nThreadPoolExecutor()\n",
        ),
    ),
    _rule(
        "py-socket",
        Severity.BLOCK,
        "opens a network connection",
        names_matcher(qualified(("asyncio.open_connection", "asyncio.start_server"), _NETWORK_MODULES)),
        (
            "socket",
            "_socket",
            "ssl",
            "_ssl",
            "socketserver",
            "urllib",
            "urllib2",
            "urllib3",
            "client",
            "server",
            "httplib",
            "requests",
            "httpx",
            "aiohttp",
            "ftplib",
            "smtplib",
            "poplib",
            "imaplib",
            "nntplib",
            "telnetlib",
            "xmlrpc",
            "webbrowser",
            "open_connection",
            "start_server",
        ),
        bad=(
            "import socket\ns = socket.socket()\n",
            "from urllib.request import urlopen\nurlopen('http://x')\n",
            "import urllib\nurllib.request.urlopen('http://x')\n",
            "import http.client\n",
            "from http import client\n",
            "import requests\nrequests.get('http://x')\n",
        ),
        good=(
            "import urllib.parse\nprint(urllib.parse.quote('a b'))\n",
            "import json\nprint(json.dumps({}))\n",
            "print('http://example.com')\n",
        ),
    ),
    _rule(
        "py-eval",
        Severity.WARN,
        "evaluates dynamically built code",
        names_matcher(qualified(tuple(sorted(_EXEC_FUNCTIONS))), imports=False),
        ("eval", "exec", "compile"),
        bad=(
            "a, b = eval(input().replace(' ', ','))\n",
            "exec('print(1)')\n",
            "code = compile('1+1', 'x', 'eval')\n",
            "getattr(__builtins__, 'eval')('1')\n",
        ),
        good=(
            "import re\npattern = re.compile('a+')\n",
            "evaluate = len\nprint(evaluate([1]))\n",
            "def exec_(x):\n    return x\n",
        ),
    ),
    _rule(
        "py-dunder-import",
        Severity.WARN,
        "imports a module by computed name",
        names_matcher(qualified(("__import__",)), imports=False),
        ("__import__",),
        bad=("m = __import__('math')\n", "name = 'math'\nm = __import__(name)\n"),
        good=("import math\nprint(math.pi)\n",),
    ),
    _rule(
        "py-dynamic-getattr",
        Severity.WARN,
        "looks up a module attribute by computed name",
        AstMatcher(nodes=(ast.Call,), match=_dynamic_getattr),
        ("getattr",),
        bad=(
            "import os\nname = 'sys' + 'tem'\ngetattr(os, name)('id')\n",
            "f = getattr(__builtins__, 'ev' + 'al')\n",
        ),
        good=(
            "class A:\n    x = 1\n\n\nprint(getattr(A(), 'x'))\n",
            "def f(obj, name):\n    return getattr(obj, name)\n",
            "import math\nprint(getattr(math, 'pi'))\n",
        ),
    ),
    _rule(
        "py-importlib",
        Severity.WARN,
        "imports or runs modules dynamically",
        names_matcher(qualified(modules=("importlib", "runpy", "zipimport"))),
        ("importlib", "runpy", "zipimport"),
        bad=(
            "import importlib\nm = importlib.import_module('math')\n",
            "import runpy\nrunpy.run_path('x.py')\n",
            "from importlib import import_module\n",
        ),
        good=("import math\nprint(math.sqrt(4))\n",),
    ),
    _rule(
        "py-builtins-access",
        Severity.WARN,
        "reaches into the builtins namespace",
        AstMatcher(nodes=(*_IMPORTS, *_REFERENCES), match=_builtins_access),
        ("builtins", "__builtins__"),
        bad=(
            "b = __builtins__\n",
            "import builtins\nbuiltins.print(1)\n",
            "f = globals()['__builtins__']\n",
            "def f():\n    pass\n\n\ng = f.__globals__['__builtins__']\n",
        ),
        good=("print(len([1, 2]))\n", "x = {'builtins': 1}\n"),
    ),
    _rule(
        "py-introspection",
        Severity.WARN,
        "walks interpreter internals (a classic sandbox escape)",
        AstMatcher(nodes=(*_IMPORTS, ast.Attribute, ast.Call), match=_introspection),
        (
            *sorted(_INTROSPECTION_ATTRS),
            "_getframe",
            "inspect",
            "get_referrers",
            "get_objects",
        ),
        bad=(
            "x = ().__class__.__base__.__subclasses__()\n",
            "def f():\n    pass\n\n\ng = f.__globals__\n",
            "import sys\nframe = sys._getframe()\n",
            "t = getattr(object, '__subclasses__')()\n",
        ),
        good=(
            "class A:\n    pass\n\n\nprint(A.__name__)\n",
            "print([1].__len__())\n",
        ),
    ),
    _rule(
        "py-ctypes",
        Severity.BLOCK,
        "calls native code through a foreign function interface",
        names_matcher(qualified(modules=("ctypes", "_ctypes", "cffi", "_cffi_backend"))),
        ("ctypes", "_ctypes", "cffi", "_cffi_backend"),
        bad=(
            "import ctypes\nctypes.CDLL(None).system(b'id')\n",
            "from cffi import FFI\nffi = FFI()\n",
            "from ctypes import *\nlibc = CDLL('libc.so.6')\n",
        ),
        good=("import array\na = array.array('i')\n",),
    ),
    _rule(
        "py-signal",
        Severity.WARN,
        "installs signal handlers, timers or sends signals",
        names_matcher(
            qualified(("os.kill", "os.killpg", "os.pidfd_send_signal", "os.abort"), ("signal", "_signal"))
        ),
        ("signal", "_signal", "kill", "killpg", "pidfd_send_signal", "abort"),
        bad=(
            "import signal\nsignal.alarm(1)\n",
            "import signal\nsignal.setitimer(signal.ITIMER_REAL, 1.0)\n",
            "from signal import signal, SIGALRM\nsignal(SIGALRM, print)\n",
            "import os\nos.kill(os.getpid(), 9)\n",
        ),
        good=(
            "import sys, threading\nsys.setrecursionlimit(10**6)\nthreading.stack_size(2**26)\n",
            "import resource\nresource.setrlimit(resource.RLIMIT_STACK, (-1, -1))\n",
        ),
    ),
    _rule(
        "py-decode-exec",
        Severity.BLOCK,
        "executes a decoded payload",
        AstMatcher(nodes=(ast.Call,), match=_decode_exec),
        ("exec", "eval", "compile"),
        bad=(
            "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n",
            "import codecs\neval(codecs.decode('cevag(1)', 'rot13'))\n",
            "import zlib, base64\nexec(zlib.decompress(base64.b64decode(b'eJw=')))\n",
            "from base64 import b64decode as d\ns = d('cHJpbnQoMSk=')\nexec(s)\n",
            "exec(''.join(chr(c) for c in [112, 114]))\n",
            "exec(bytes.fromhex('7072696e74283129'))\n",
        ),
        good=(
            "exec('print(1)')\n",
            "import base64\nprint(base64.b64decode('aGk=').decode())\n",
            "eval(input())\n",
        ),
    ),
    *python_literal_rules(_wrap_literal),
)
