from sandbox.languages.base import Language

LANGUAGE = Language(
    key="pypy3",
    name="PyPy 3",
    image="scripting",
    source_name="main.py",
    # .py belongs to CPython 3; PyPy is chosen explicitly.
    extensions=(),
    compile=("pypy3", "-m", "py_compile", "main.py"),
    run=("pypy3", "-B", "main.py"),
    version=(
        "pypy3",
        "-c",
        "import sys; v = sys.pypy_version_info; p = sys.version_info;"
        " print(f'PyPy {v.major}.{v.minor}.{v.micro} (Python {p.major}.{p.minor}.{p.micro})')",
    ),
    self_test="a, b = map(int, input().split())\nprint(a + b)\n",
    memory_allowance_kb=64 * 1024,
)
