from sandbox.languages.base import Language

# A serial collector and one visible CPU keep the JVM's threads well inside the sandbox's process
# limit; class data sharing makes start-up cheap; no perf data file in /tmp.
JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1", "-XX:-UsePerfData", "-Xshare:auto")
# For compilers (trusted code, short-lived): the quick JIT only, no bytecode verification, a fixed heap
# inside the compile memory limit.
COMPILER_JVM_FLAGS = (
    *JVM_FLAGS,
    "-XX:TieredStopAtLevel=1",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:-BytecodeVerificationRemote",
    "-Xmx384m",
    "-Xss8m",
)


def run_jvm(classpath: str, main_class: str) -> tuple[str, ...]:
    """The argv that runs a compiled program's main class on the JVM, heap sized to the memory limit."""
    return (
        "java",
        *JVM_FLAGS,
        "-Xmx{memory_mb}m",
        "-Xss64m",
        "-Dfile.encoding=UTF-8",
        "-cp",
        classpath,
        main_class,
    )


LANGUAGE = Language(
    key="java",
    name="Java",
    image="jvm",
    source_name="Main.java",
    extensions=(".java",),
    compile_all=True,
    entry_point="java",
    compile=(
        "javac",
        *(f"-J{flag}" for flag in COMPILER_JVM_FLAGS),
        "-encoding",
        "UTF-8",
        "-d",
        ".",
        "Main.java",
    ),
    run=run_jvm(".", "Main"),
    version=("java", "-version"),
    self_test=(
        "import java.util.Scanner;\n"
        "public class Main {\n"
        "    public static void main(String[] args) {\n"
        "        Scanner in = new Scanner(System.in);\n"
        "        long a = in.nextLong(), b = in.nextLong();\n"
        "        System.out.println(a + b);\n"
        "    }\n"
        "}\n"
    ),
    # Metaspace, code cache, thread stacks and the JVM itself, beyond the -Xmx heap.
    memory_allowance_kb=96 * 1024,
)
