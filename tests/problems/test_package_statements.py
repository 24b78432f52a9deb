"""Statements in several languages, statement images and sample interactions, from a package to the
problem page."""

import pytest

from problems.models import Problem
from problems.packages.statements import Exchange, link_images, parse_interaction, statement_language
from problems.statement_selectors import problem_statement_view
from tests.problems.package_helpers import PACKAGES, import_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def echo():
    import_package(PACKAGES / "statements")
    problem = Problem.objects.get(slug="statements")
    problem.is_visible = True
    problem.save()
    return problem


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("problem.md", "en"),
        ("problem.en.md", "en"),
        ("problem.sv.tex", "sv"),
        ("problem.pt-BR.md", "pt-br"),
        ("figure.png", None),
    ],
)
def test_statement_language_of_a_file_name(name, language):
    assert statement_language(name) == language


def test_interaction_file_parsed_as_a_dialogue():
    assert parse_interaction("<10\n>? 5\nnoise\n<=\n") == [
        Exchange(False, "10"),
        Exchange(True, "? 5"),
        Exchange(False, "="),
    ]


def test_image_links_point_at_stored_files_only():
    markdown = (
        '![a](figure.png) ![b](./figure.png "t") ![c](https://example.com/x.png) <img src="figure.png">'
    )
    linked = link_images(markdown, {"figure.png": "/p/s/statement/figure.png"})
    assert linked == (
        '![a](/p/s/statement/figure.png) ![b](/p/s/statement/figure.png "t") '
        '![c](https://example.com/x.png) <img src="/p/s/statement/figure.png">'
    )


def test_several_statement_languages_with_a_switch(echo, client):
    view = problem_statement_view(problem=echo)
    assert [(lang.code, lang.query, lang.current) for lang in view.languages] == [
        ("de", "?lang=de", False),
        ("en", "", True),
        ("sv", "?lang=sv", False),
    ]
    assert "Repeat the judge's word" in view.markdown
    assert "Upprepa" in problem_statement_view(problem=echo, language="sv").markdown
    german = problem_statement_view(problem=echo, language="de")
    assert (german.language, "Wiederhole" in german.markdown) == ("de", True)
    assert problem_statement_view(problem=echo, language="xx").language == "en"

    page = client.get("/problems/statements/?lang=sv").content.decode()
    assert "Upprepa domarens ord" in page
    assert 'href="/problems/statements/?lang=de"' in page


def test_statement_images_served(echo, client):
    view = problem_statement_view(problem=echo)
    assert "(/problems/statements/statement/figure.png)" in view.markdown
    assert (
        "(/problems/statements/statement/figure.png)"
        in problem_statement_view(problem=echo, language="de").markdown
    )

    image = client.get("/problems/statements/statement/figure.png")
    assert (image.status_code, image["Content-Type"]) == (200, "image/png")
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    svg = client.get("/problems/statements/statement/drawing.svg")
    assert "sandbox" in svg["Content-Security-Policy"]
    assert client.get("/problems/statements/statement/problem.de.tex").status_code == 404
    assert client.get("/problems/statements/statement/missing.png").status_code == 404


def test_interaction_samples_shown_as_a_dialogue(echo, client):
    view = problem_statement_view(problem=echo)
    assert view.interactions == [
        [Exchange(False, "hello"), Exchange(True, "hello")],
        [Exchange(False, "how"), Exchange(True, "how"), Exchange(False, "are"), Exchange(True, "are")],
    ]

    page = client.get("/problems/statements/").content.decode()
    assert page.count("Sample interaction") == 2
    assert "Sample input" not in page
