from sandbox.languages.base import Language

# No php.ini; errors go to stderr as plain text; memory is the sandbox's business, not PHP's.
PHP_FLAGS = ("-n", "-d", "display_errors=stderr", "-d", "html_errors=0", "-d", "memory_limit=-1")

LANGUAGE = Language(
    key="php",
    name="PHP",
    image="scripting",
    source_name="main.php",
    extensions=(".php",),
    compile=("php", *PHP_FLAGS, "-l", "main.php"),
    run=("php", *PHP_FLAGS, "-f", "main.php"),
    version=("php", "-n", "-r", 'echo "PHP ", PHP_VERSION, "\\n";'),
    self_test=(
        "<?php\n"
        '[$a, $b] = array_map("intval", preg_split("/\\\\s+/", trim(fgets(STDIN))));\n'
        'echo $a + $b, "\\n";\n'
    ),
    memory_allowance_kb=16 * 1024,
)
