from sandbox.languages.base import Language

# What `python3 -m py_compile` checks, without writing bytecode nobody reads (a script is always
# compiled from source) and without the imports py_compile needs; errors look like the interpreter's.
CHECK_SYNTAX = (
    "import sys\n"
    "try:\n"
    "    compile(open('main.py', 'rb').read(), 'main.py', 'exec')\n"
    "except (SyntaxError, ValueError) as exc:\n"
    "    sys.excepthook(type(exc), exc, exc.with_traceback(None).__traceback__)\n"
    "    sys.exit(1)\n"
)

LANGUAGE = Language(
    key="py3",
    name="Python 3",
    image="base",
    source_name="main.py",
    extensions=(".py", ".py3"),
    compile=("python3", "-I", "-S", "-B", "-c", CHECK_SYNTAX),
    run=("python3", "-I", "-S", "-B", "main.py"),
    version=("python3", "--version"),
    forkserver=True,
    self_test="a, b = map(int, input().split())\nprint(a + b)\n",
)
