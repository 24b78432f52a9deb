from sandbox.languages.base import Language

LANGUAGE = Language(
    key="prolog",
    name="Prolog (SWI-Prolog)",
    image="functional",
    source_name="main.pl",
    # problemtools gives .pl to Prolog, not Perl; so do we.
    extensions=(".pl",),
    # A saved state whose entry point is main/0, as problemtools does it.
    compile=("swipl", "-O", "-q", "-g", "main", "-t", "halt", "-o", "main", "-c", "main.pl"),
    run=("./main",),
    version=("swipl", "--version"),
    self_test=(
        "main :-\n"
        "    read_line_to_string(user_input, Line),\n"
        '    split_string(Line, " ", " ", [A, B]),\n'
        "    number_string(X, A), number_string(Y, B),\n"
        "    Z is X + Y,\n"
        "    writeln(Z).\n"
    ),
    memory_allowance_kb=16 * 1024,
)
