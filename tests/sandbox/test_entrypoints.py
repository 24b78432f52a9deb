# ruff: noqa: E501  (source snippets read better on one line)
"""Where JVM programs start, found from their sources (no Docker)."""

import pytest

from sandbox.languages.entrypoints import (
    EntryPoint,
    EntryPointError,
    blank_literals,
    java_entry_point,
    kotlin_class_for_file,
    kotlin_entry_point,
    scala_entry_point,
)

MAIN = "public static void main(String[] args) { }"


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"Main.java": f"public class Main {{ {MAIN} }}"}, EntryPoint("Main", "Main.java")),
        ({"Main.java": f"public class hello {{ {MAIN} }}"}, EntryPoint("hello", "hello.java")),
        ({"hello.java": f"public class hello {{ {MAIN} }}"}, EntryPoint("hello", "hello.java")),
        ({"Main.java": f"public final class Solution {{ {MAIN} }}"}, EntryPoint("Solution", "Solution.java")),
        ({"Main.java": f"class A {{ {MAIN} }}"}, EntryPoint("A", "")),
        # A helper class before and after; only the one with main counts.
        (
            {
                "Main.java": f"import java.util.*;\nclass Helper {{ int f() {{ return 1; }} }}\npublic class B {{ {MAIN} }}\nclass C {{}}"
            },
            EntryPoint("B", "B.java"),
        ),
        # The public class has no main, a package-private one has: javac needs the public name.
        (
            {"Main.java": f"public class Pub {{}}\nclass Runner {{ {MAIN} }}"},
            EntryPoint("Runner", "Pub.java"),
        ),
        # main in a nested class does not count; the outer one does.
        (
            {"Main.java": f"public class Outer {{ static class Inner {{ void main(int x) {{}} }} {MAIN} }}"},
            EntryPoint("Outer", "Outer.java"),
        ),
        # Braces and `class` in comments, strings and chars are not seen.
        (
            {
                "Main.java": "// class Fake { public static void main(String[] a) {} }\n"
                "/* { */ public class Real { static String s = \"class X {\"; static char c = '{';"
                f" {MAIN} }}"
            },
            EntryPoint("Real", "Real.java"),
        ),
        # Java text blocks.
        (
            {"Main.java": f'public class T {{ static String s = """\n}} class Z {{\n"""; {MAIN} }}'},
            EntryPoint("T", "T.java"),
        ),
        # Modifiers in any order, varargs, final args, annotations.
        (
            {"Main.java": "public class V { final static public void main(final String... args) {} }"},
            EntryPoint("V", "V.java"),
        ),
        (
            {
                "Main.java": '@SuppressWarnings("x") public class W { @Deprecated public static void main(String[] a) {} }'
            },
            EntryPoint("W", "W.java"),
        ),
        # An interface or enum or record may hold main.
        ({"Main.java": f"public interface I {{ {MAIN} }}"}, EntryPoint("I", "I.java")),
        ({"Main.java": f"public enum E {{ ONE; {MAIN} }}"}, EntryPoint("E", "E.java")),
        ({"Main.java": f"public record R(int x) {{ {MAIN} }}"}, EntryPoint("R", "R.java")),
        # A package: the qualified name.
        (
            {"Main.java": f"package contest.a;\npublic class P {{ {MAIN} }}"},
            EntryPoint("contest.a.P", "P.java"),
        ),
        # Several files: the class with main, names kept.
        (
            {
                "Helper.java": "public class Helper { static int f() { return 2; } }",
                "Solve.java": f"public class Solve {{ {MAIN} }}",
            },
            EntryPoint("Solve", ""),
        ),
        # Two classes with main: the public one.
        (
            {"Main.java": f"class Test {{ {MAIN} }}\npublic class Sol {{ {MAIN} }}"},
            EntryPoint("Sol", "Sol.java"),
        ),
    ],
)
def test_java_entry_point(sources: dict[str, str], expected: EntryPoint) -> None:
    assert java_entry_point(sources) == expected


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ({"Main.java": "public class NoMain { void main() {} }"}, "no class with"),
        ({"Main.java": "public class M { static int main(String[] a) { return 0; } }"}, "no class with"),
        ({"Main.java": "// public class C { public static void main(String[] a) {} }"}, "no class with"),
        ({"Main.java": ""}, "no class with"),
        ({"A.java": f"public class A {{ {MAIN} }}", "B.java": f"public class B {{ {MAIN} }}"}, "several"),
        ({"Main.java": f"class A {{ {MAIN} }} class B {{ {MAIN} }}"}, "several"),
    ],
)
def test_java_entry_point_refused(sources: dict[str, str], message: str) -> None:
    with pytest.raises(EntryPointError, match=message):
        java_entry_point(sources)


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("main.kt", "MainKt"),
        ("hello.kt", "HelloKt"),
        ("Solution.kt", "SolutionKt"),
        ("a.kt", "AKt"),
        ("my-sol.kt", "My_solKt"),
        ("dir/x.kt", "XKt"),
    ],
)
def test_kotlin_class_for_file(filename: str, expected: str) -> None:
    assert kotlin_class_for_file(filename) == expected


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"main.kt": "fun main() { println(1) }"}, "MainKt"),
        ({"hello.kt": "fun main(args: Array<String>) {}"}, "HelloKt"),
        ({"a.kt": "fun helper() = 1", "sol.kt": "fun main() { println(helper()) }"}, "SolKt"),
        ({"main.kt": '@file:JvmName("Entry")\nfun main() {}'}, "Entry"),
        ({"main.kt": "package foo.bar\nfun main() {}"}, "foo.bar.MainKt"),
        # A member main of a class is not the top-level one.
        ({"x.kt": "class A { fun main() {} }", "y.kt": "fun main() {}"}, "YKt"),
        # In a string or comment: not seen.
        ({"x.kt": '// fun main() {}\nval s = "fun main("', "y.kt": "fun main() {}"}, "YKt"),
        ({"x.kt": '/* fun main() */ val s = """\nfun main(\n"""', "y.kt": "fun main() {}"}, "YKt"),
    ],
)
def test_kotlin_entry_point(sources: dict[str, str], expected: str) -> None:
    assert kotlin_entry_point(sources).main_class == expected


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ({"main.kt": "fun solve() {}"}, "no top-level"),
        ({"main.kt": "class A { fun main() {} }"}, "no top-level"),
        ({"a.kt": "fun main() {}", "b.kt": "fun main() {}"}, "several"),
    ],
)
def test_kotlin_entry_point_refused(sources: dict[str, str], message: str) -> None:
    with pytest.raises(EntryPointError, match=message):
        kotlin_entry_point(sources)


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"main.scala": "object Main { def main(args: Array[String]): Unit = {} }"}, "Main"),
        ({"main.scala": "object Solution {\n  def main(args: Array[String]) {\n  }\n}"}, "Solution"),
        ({"main.scala": "object A extends App { println(1) }"}, "A"),
        ({"main.scala": "object A extends App with Helpers { println(1) }"}, "A"),
        (
            {
                "main.scala": "class C { def main(a: Array[String]) = () }\nobject D { def main(args: Array[String]) = () }"
            },
            "D",
        ),
        (
            {
                "main.scala": "object Util { def f = 1 }\nobject Go { def main(args: Array[String]) = println(Util.f) }"
            },
            "Go",
        ),
        ({"main.scala": "package p.q\nobject Go { def main(args: Array[String]) = () }"}, "p.q.Go"),
        (
            {"a.scala": "object Util { def f = 1 }", "b.scala": "object Run extends App { println(Util.f) }"},
            "Run",
        ),
        # A symbol literal's quote is not a string.
        ({"main.scala": "object S { val x = 'sym; def main(args: Array[String]) = () }"}, "S"),
        # main of a nested object does not count.
        (
            {
                "main.scala": "object Outer { object In { def main(a: Array[String]) = () }; def main(args: Array[String]) = () }"
            },
            "Outer",
        ),
    ],
)
def test_scala_entry_point(sources: dict[str, str], expected: str) -> None:
    assert scala_entry_point(sources).main_class == expected


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ({"main.scala": "object Util { def f = 1 }"}, "no object"),
        ({"main.scala": "class Main { def main(args: Array[String]) = () }"}, "no object"),
        ({"main.scala": "object A extends App {}\nobject B extends App {}"}, "several"),
    ],
)
def test_scala_entry_point_refused(sources: dict[str, str], message: str) -> None:
    with pytest.raises(EntryPointError, match=message):
        scala_entry_point(sources)


def test_blank_literals_keeps_lines_and_length() -> None:
    source = "a = \"x{y}\" // {\n/* }\n */ b = '{'"
    blanked = blank_literals(source)
    assert len(blanked) == len(source)
    assert blanked.count("\n") == source.count("\n")
    assert "{" not in blanked and "}" not in blanked


def test_blank_literals_escaped_quote() -> None:
    assert "{" not in blank_literals('s = "a\\"{"; t')


def test_hostile_source_of_many_modifiers_is_read_to_the_end() -> None:
    # The pattern between `static` and `void` is bounded, so this stays linear (no speed asserted).
    source = "public class A { " + "static " * 9000 + "}\nclass B { public static void main(String[] a) {} }"
    assert java_entry_point({"Main.java": source}) == EntryPoint("B", "A.java")
