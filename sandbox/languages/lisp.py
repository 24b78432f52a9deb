from sandbox.languages.base import Language

LANGUAGE = Language(
    key="lisp",
    name="Common Lisp (SBCL)",
    image="functional",
    source_name="main.lisp",
    extensions=(".lisp", ".cl"),
    # Compile to a fasl; a file the compiler could not process at all is a compilation error.
    compile=(
        "sbcl",
        "--noinform",
        "--non-interactive",
        "--no-sysinit",
        "--no-userinit",
        "--eval",
        '(sb-ext:exit :code (if (compile-file "main.lisp") 0 1))',
    ),
    run=(
        "sbcl",
        "--dynamic-space-size",
        "{memory_mb}MB",
        "--control-stack-size",
        "64MB",
        "--script",
        "main.fasl",
    ),
    version=("sbcl", "--version"),
    self_test='(let ((a (read)) (b (read)))\n  (format t "~d~%" (+ a b)))\n',
    memory_allowance_kb=64 * 1024,
)
