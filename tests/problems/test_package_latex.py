import pytest

from problems.packages.archive import open_package
from problems.packages.kattis import parse_package
from problems.packages.latex import latex_to_markdown
from tests.problems.package_helpers import PACKAGES


def test_it_takes_the_title_from_problemname_and_keeps_math():
    result = latex_to_markdown(
        "\\problemname{Big \\emph{Sum}}\nAdd $a_i \\le 10^9$ and $$\\sum_i a_i$$ now.\n"
    )

    assert result.title == "Big Sum"
    assert "Add $a_i \\le 10^9$ and" in result.markdown
    assert "\n$$\\sum_i a_i$$\n" in result.markdown
    assert "problemname" not in result.markdown


def test_it_prefers_the_plain_problem_name_comment():
    source = "%% plainproblemname: x^2 + y^2 = z^2\n\\problemname{$x^2+y^2=z^2$}\nText.\n"

    assert latex_to_markdown(source).title == "x^2 + y^2 = z^2"


def test_it_turns_sections_into_headings_and_lists_into_markdown_lists():
    source = (
        "\\section*{Input}\nThe input has:\n\\begin{itemize}\n  \\item a line;\n"
        "  \\item then \\textbf{more}:\n  \\begin{enumerate}\\item one \\item two\\end{enumerate}\n"
        "\\end{itemize}\n\\subsection{Notes}\n\\begin{Output}\nPrint it.\n\\end{Output}\n"
    )

    markdown = latex_to_markdown(source).markdown

    assert "## Input\n\nThe input has:\n\n- a line;\n- then **more**:\n\n  1. one\n  2. two" in markdown
    assert "### Notes" in markdown
    assert "## Output\n\nPrint it." in markdown


@pytest.mark.parametrize(
    ("latex", "markdown"),
    [
        ("\\textbf{bold}", "**bold**"),
        ("\\emph{it}", "*it*"),
        ("\\textit{it}", "*it*"),
        ("\\texttt{code}", "`code`"),
        ("\\url{https://x.org}", "<https://x.org>"),
        ("\\href{https://x.org}{site}", "[site](https://x.org)"),
        ("50\\% off \\& more", "50% off & more"),
        ("a---b--c", "a\u2014b\u2013c"),
        ("``quoted''", "\u201cquoted\u201d"),
        ("x~y", "x y"),
        ("wait\\ldots", "wait\u2026"),
        ("\\unknownmacro{kept text} here", "kept text here"),
        ("\\LaTeX\\ rocks", "LaTeX rocks"),
        ("\\noindent Start", "Start"),
        ("keep % a comment", "keep"),
    ],
)
def test_it_maps_common_macros_and_strips_unknown_ones(latex, markdown):
    assert latex_to_markdown(latex).markdown.strip() == markdown


def test_it_converts_tables_and_verbatim_blocks():
    source = (
        "\\begin{tabular}{|l|r|}\n\\hline\nName & Value \\\\ \\hline\n$x$ & 1 \\\\\n\\end{tabular}\n"
        "\\begin{verbatim}\n  spaced   % not a comment\n\\end{verbatim}\n"
    )

    markdown = latex_to_markdown(source).markdown

    assert "| Name | Value |\n|---|---|\n| $x$ | 1 |" in markdown
    assert "```\n  spaced   % not a comment\n```" in markdown


def test_it_reads_the_legacy_package_statement():
    with open_package(PACKAGES / "oddeven", problem="oddeven") as files:
        spec = parse_package(files, slug="oddeven")

    assert spec.title == "Odd or Even"
    assert spec.statement.startswith("For each integer, tell whether it is **odd** or *even*.")
    assert "## Input" in spec.statement and "- $n$ lines, each with one integer $x$." in spec.statement
    assert "output `odd` or `even`. (Case does not matter.)" in spec.statement
    assert "See <https://open.kattis.com> and kept words." in spec.statement


def test_it_converts_a_statement_nested_to_the_limit():
    source = "\\begin{tabular}{l}" * 50 + "deep" + "\\end{tabular}" * 50

    assert "deep" in latex_to_markdown(source).markdown
