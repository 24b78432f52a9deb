from sandbox.languages.base import Language

LANGUAGE = Language(
    key="pascal",
    name="Pascal (Free Pascal)",
    image="native",
    source_name="main.pas",
    extensions=(".pas",),
    # Errors, warnings and notes only: no banner, no progress lines.
    compile=("fpc", "-O2", "-XS", "-Xt", "-v0ewn", "-l-", "-omain", "main.pas"),
    run=("./main",),
    version=("fpc", "-iV"),
    self_test="program main;\nvar a, b: int64;\nbegin\n  readln(a, b);\n  writeln(a + b);\nend.\n",
)
