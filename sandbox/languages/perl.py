from sandbox.languages.base import Language

LANGUAGE = Language(
    key="perl",
    name="Perl",
    image="scripting",
    source_name="main.pl",
    # .pl is Prolog's, as in problemtools; Perl is chosen explicitly.
    extensions=(),
    compile=("perl", "-c", "main.pl"),
    run=("perl", "main.pl"),
    version=("perl", "-e", 'print "perl $^V\\n"'),
    self_test="my ($a, $b) = split ' ', <STDIN>;\nprint $a + $b, \"\\n\";\n",
)
