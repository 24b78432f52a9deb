from sandbox.languages.base import Language
from sandbox.languages.java import COMPILER_JVM_FLAGS, run_jvm

LIB = "/usr/share/kotlin/kotlinc/lib"

LANGUAGE = Language(
    key="kotlin",
    name="Kotlin",
    image="jvm",
    source_name="main.kt",
    extensions=(".kt",),
    # The compiler straight on the JVM rather than through the kotlinc script, which adds the
    # deprecated -noverify (and a warning about it to every compilation).
    compile_all=True,
    entry_point="kotlin",
    compile=(
        "java",
        *COMPILER_JVM_FLAGS,
        "-cp",
        f"{LIB}/kotlin-preloader.jar",
        "org.jetbrains.kotlin.preloading.Preloader",
        "-cp",
        f"{LIB}/kotlin-compiler.jar",
        "org.jetbrains.kotlin.cli.jvm.K2JVMCompiler",
        "-nowarn",
        "-d",
        ".",
        "main.kt",
    ),
    run=run_jvm(f".:{LIB}/kotlin-stdlib.jar", "MainKt"),
    # Debian's compiler build calls itself 1.3-SNAPSHOT; the package knows the real version.
    version=("dpkg-query", "--showformat=kotlin ${Version}\\n", "--show", "kotlin"),
    self_test=(
        "fun main() {\n"
        '    val (a, b) = readLine()!!.trim().split(" ").map { it.toLong() }\n'
        "    println(a + b)\n"
        "}\n"
    ),
    memory_allowance_kb=96 * 1024,
)
