from sandbox.languages.base import Language
from sandbox.languages.java import COMPILER_JVM_FLAGS, run_jvm

LANGUAGE = Language(
    key="scala",
    name="Scala",
    image="jvm",
    source_name="main.scala",
    extensions=(".scala", ".sc"),
    compile_all=True,
    entry_point="scala",
    compile=("scalac", "-nowarn", "-encoding", "UTF-8", "-d", ".", "main.scala"),
    run=run_jvm(".:/usr/share/scala-2.11/lib/scala-library.jar", "Main"),
    version=("scalac", "-version"),
    self_test=(
        "object Main {\n"
        "  def main(args: Array[String]): Unit = {\n"
        '    val Array(a, b) = scala.io.StdIn.readLine().trim.split(" +").map(_.toLong)\n'
        "    println(a + b)\n"
        "  }\n"
        "}\n"
    ),
    # The scalac script passes JAVA_OPTS to the compiler's JVM; `java` itself ignores the variable.
    env={"JAVA_OPTS": " ".join(COMPILER_JVM_FLAGS)},
    memory_allowance_kb=96 * 1024,
)
