# ruff: noqa: E501  (program sources read better on one line)
"""Java, Kotlin and Scala programs whose class is named anything, compiled and run in the sandbox."""

import pytest

from grading import grader
from grading.verdicts import Verdict
from sandbox.languages import get_language
from sandbox.types import Limits, SourceFile

pytestmark = pytest.mark.docker

# Generous: a JVM under a busy machine's CPU quota.
LIMITS = Limits(time_ms=10_000, memory_kb=256 * 1024, output_bytes=1 << 16)
TESTS = [
    grader.TestData(index=1, input=b"2 3\n", answer=b"5\n"),
    grader.TestData(index=2, input=b"40 2\n", answer=b"42\n"),
]

JAVA_READ = (
    "java.util.Scanner in = new java.util.Scanner(System.in); long a = in.nextLong(), b = in.nextLong();"
)


def judged(language: str, source: str = "", files: tuple[SourceFile, ...] = ()):
    return grader.grade(
        language=get_language(language), source=source, files=files, tests=TESTS, limits=LIMITS
    )


@pytest.mark.parametrize(
    "source",
    [
        # Kattis runs hello.java's `public class hello`; we find it whatever the file is called.
        f"public class hello {{ public static void main(String[] args) {{ {JAVA_READ} System.out.println(a + b); }} }}",
        # A class that is not public, beside a helper class, after imports and comments.
        "import java.util.*;\n// public class Fake { public static void main(String[] x) {} }\n"
        "class Helper { static long add(long a, long b) { return a + b; } }\n"
        f"class A {{ public static void main(String[] args) {{ {JAVA_READ} System.out.println(Helper.add(a, b)); }} }}",
    ],
    ids=["public-hello", "package-private-A"],
)
def test_java_class_named_anything(source: str) -> None:
    result = judged("java", source)
    assert result.verdict is Verdict.AC, result.compile_output


def test_java_program_of_two_files() -> None:
    files = (
        SourceFile(
            "Solution.java",
            f"public class Solution {{ public static void main(String[] args) {{ {JAVA_READ} Adder.print(a + b); }} }}".encode(),
        ),
        SourceFile(
            "Adder.java", b"public class Adder { static void print(long x) { System.out.println(x); } }"
        ),
    )
    result = judged("java", files=files)
    assert result.verdict is Verdict.AC, result.compile_output


def test_kotlin_entry_points() -> None:
    # One compilation (kotlinc is slow): main in a file named neither main.kt nor after a class.
    files = (
        SourceFile(
            "solve.kt",
            b"fun main() { val (a, b) = readLine()!!.split(' ').map { it.toLong() }; println(add(a, b)) }",
        ),
        SourceFile("lib.kt", b"fun add(a: Long, b: Long) = a + b"),
    )
    two_files = judged("kotlin", files=files)
    assert two_files.verdict is Verdict.AC, two_files.compile_output


def test_scala_entry_points() -> None:
    # One compilation (scalac is slow): a helper object, and the program's object extending App.
    app = judged(
        "scala",
        "object Util { def add(a: Long, b: Long) = a + b }\n"
        'object Solution extends App {\n  val Array(a, b) = scala.io.StdIn.readLine().split(" ").map(_.toLong)\n'
        "  println(Util.add(a, b))\n}\n",
    )
    assert app.verdict is Verdict.AC, app.compile_output


@pytest.mark.parametrize(
    ("language", "source", "message"),
    [
        (
            "java",
            "public class Lonely { }",
            "no class with a `public static void main(String[] args)` method",
        ),
        (
            "java",
            "class A { public static void main(String[] a) {} }\nclass B { public static void main(String[] a) {} }",
            "several",
        ),
        ("kotlin", "class A { fun main() {} }", "no top-level `fun main()`"),
        (
            "scala",
            "object Util { def f = 1 }",
            "no object with `def main(args: Array[String])` or `extends App`",
        ),
    ],
)
def test_no_entry_point_or_several_is_a_compile_error(language: str, source: str, message: str) -> None:
    result = judged(language, source)
    assert result.verdict is Verdict.CE
    assert result.compile_output.startswith("cannot find where the program starts: ")
    assert message in result.compile_output
