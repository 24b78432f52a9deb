from sandbox.languages.base import Language

LANGUAGE = Language(
    key="bash",
    name="Bash",
    # Bash is essential in Debian, so it is in every image; the smallest is enough.
    image="base",
    source_name="main.sh",
    extensions=(".sh",),
    compile=("bash", "-n", "main.sh"),
    run=("bash", "main.sh"),
    version=("bash", "-c", 'echo "bash $BASH_VERSION"'),
    self_test="read -r a b\necho $((a + b))\n",
)
