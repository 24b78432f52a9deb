from sandbox.languages.base import Language

LANGUAGE = Language(
    key="py3",
    name="Python 3",
    image="base",
    source_name="main.py",
    extensions=(".py", ".py3"),
    compile=("python3", "-I", "-S", "-m", "py_compile", "main.py"),
    run=("python3", "-I", "-S", "-B", "main.py"),
    version=("python3", "--version"),
    forkserver=True,
    self_test="a, b = map(int, input().split())\nprint(a + b)\n",
)
