"""Programs of several files: language, main file, commands (no Docker)."""

import pytest

from sandbox.languages import get_language
from sandbox.languages.programs import (
    ProgramError,
    language_of_files,
    main_file,
    prepare_program,
    program_language,
    with_extra_files,
)
from sandbox.types import SourceFile


def files(**contents: str) -> list[SourceFile]:
    return [SourceFile(name.replace("__", "."), text.encode()) for name, text in contents.items()]


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["main.pl", "helper.pl"], "prolog"),
        (["sol.cc", "sol.h"], "cpp17"),
        (["a.cpp", "b.c", "testlib.h"], "cpp17"),
        (["x.c", "x.h"], "c"),
        (["Main.java", "Helper.java", "README"], "java"),
        (["a.py", "b.py"], "py3"),
    ],
)
def test_language_of_files(names: list[str], key: str) -> None:
    assert language_of_files(names).key == key


@pytest.mark.parametrize("names", [["a.py", "b.java"], ["README", "x.h"], []])
def test_language_of_files_refused(names: list[str]) -> None:
    with pytest.raises(ProgramError, match="cannot tell the program's language"):
        language_of_files(names)


def test_program_language_of_scripts_only() -> None:
    assert program_language(["build", "run", "data.txt"]) is None
    with pytest.raises(ProgramError):
        program_language(["data.txt"])


def test_main_file_rules() -> None:
    py = get_language("py3")
    assert main_file(py, files(sol__py="x")) == "sol.py"
    assert main_file(py, files(main__py="", util__py="")) == "main.py"
    assert (
        main_file(
            py, [SourceFile("__init__.py", b""), SourceFile("__main__.py", b""), SourceFile("a.py", b"")]
        )
        == "__main__.py"
    )
    assert main_file(py, files(solve__py="", util__py=""), hint="solve") == "solve.py"
    assert (
        main_file(py, files(a__py="import b\nif __name__ == '__main__': b.f()", b__py="def f(): 1")) == "a.py"
    )
    with pytest.raises(ProgramError, match=r"cannot tell the main file among a\.py, b\.py"):
        main_file(py, files(a__py="", b__py=""))


def test_single_file_unchanged() -> None:
    cpp = get_language("cpp17")
    program = prepare_program(cpp, [SourceFile("main.cpp", b"int main(){}")])
    assert program.language == cpp
    assert program.sources == (SourceFile("main.cpp", b"int main(){}"),)


def test_cpp_sources_all_compiled_names_kept() -> None:
    program = prepare_program(get_language("cpp17"), files(sol__cpp="m", util__cpp="u", util__h="h"))
    assert [f.name for f in program.sources] == ["sol.cpp", "util.cpp", "util.h"]
    assert program.language.compile is not None
    assert program.language.compile[-2:] == ("sol.cpp", "util.cpp")


def test_python_helper_module_kept_by_name() -> None:
    program = prepare_program(
        get_language("py3"), files(solve__py="import helper", helper__py=""), hint="solve"
    )
    assert {f.name for f in program.sources} == {"main.py", "helper.py"}
    # Isolated mode would leave the script's directory (and so helper.py) off sys.path.
    assert "-I" not in program.language.run and not program.language.forkserver
    single = prepare_program(get_language("py3"), files(main__py="print(1)"))
    assert single.language == get_language("py3")


def test_extra_files_and_the_main_one() -> None:
    py = get_language("py3")
    own = files(sol__py="from common import f")
    added = with_extra_files(py, own, files(common__py="def f(): 1"))
    assert [f.name for f in added] == ["main.py", "common.py"]
    # A driver among the added files: the program's own files keep their names.
    driven = with_extra_files(py, own, files(main__py="import sol"))
    assert [f.name for f in driven] == ["sol.py", "main.py"]
    # An added file replaces the program's own file of that name.
    replaced = with_extra_files(py, files(main__py="x", lib__py="mine"), files(lib__py="theirs"))
    assert [(f.name, f.content) for f in replaced] == [("main.py", b"x"), ("lib.py", b"theirs")]


def test_helper_named_like_the_main_source_refused() -> None:
    with pytest.raises(ProgramError, match=r"named main\.py"):
        prepare_program(
            get_language("py3"), files(solve__py="if __name__ == '__main__': 1", main__py="x"), hint="solve"
        )


def test_duplicate_names_refused() -> None:
    with pytest.raises(ProgramError, match="same name"):
        prepare_program(get_language("py3"), [SourceFile("a.py", b""), SourceFile("a.py", b"")])


def test_java_class_from_source() -> None:
    java = get_language("java")
    program = prepare_program(
        java, [SourceFile("Main.java", b"public class hello { public static void main(String[] a) {} }")]
    )
    assert [f.name for f in program.sources] == ["hello.java"]
    assert program.language.run[-1] == "hello"
    assert program.language.compile is not None and program.language.compile[-1] == "hello.java"


def test_java_several_files() -> None:
    java = get_language("java")
    sources = files(
        Solve__java="public class Solve { public static void main(String[] a) { Helper.f(); } }",
        Helper__java="public class Helper { static void f() {} }",
    )
    program = prepare_program(java, sources)
    assert program.language.run[-1] == "Solve"
    assert program.language.compile is not None
    assert program.language.compile[-2:] == ("Helper.java", "Solve.java")


def test_java_without_main_is_a_compile_error() -> None:
    with pytest.raises(ProgramError, match="cannot find where the program starts: no class"):
        prepare_program(get_language("java"), [SourceFile("Main.java", b"class A {}")])


def test_kotlin_and_scala_classes() -> None:
    kotlin = prepare_program(get_language("kotlin"), [SourceFile("main.kt", b"fun main() {}")])
    assert kotlin.language.run[-1] == "MainKt"
    kotlin = prepare_program(
        get_language("kotlin"), files(sol__kt="fun main() { f() }", lib__kt="fun f() {}")
    )
    assert kotlin.language.run[-1] == "SolKt"
    assert kotlin.language.compile is not None and kotlin.language.compile[-2:] == ("lib.kt", "sol.kt")
    scala = prepare_program(get_language("scala"), [SourceFile("main.scala", b"object Go extends App {}")])
    assert scala.language.run[-1] == "Go"


def test_build_and_run_scripts() -> None:
    program = prepare_program(get_language("cpp17"), files(build="g++ -o v v.cpp", run="./v", v__cpp=""))
    assert program.language.compile == ("bash", "build")
    assert program.language.run == ("bash", "run")
    assert program.language.image == "base"
    only_build = prepare_program(get_language("java"), files(build="javac X.java", X__java=""))
    assert only_build.language.run == ("./run",)
    assert only_build.language.image == "jvm"
