"""The sandbox suites run against images built from this checkout's runner code."""

import pytest

import sandbox.images
from sandbox.images import RECIPES
from sandbox.languages import all_languages
from tests.images import image_problem, require_image

pytestmark = pytest.mark.docker


@pytest.mark.parametrize("name", sorted({language.image for language in all_languages().values()}))
def test_the_image_is_built_from_the_current_runner(name):
    require_image(name)


def test_it_knows_an_image_built_from_other_runner_code_is_stale(tmp_path, monkeypatch):
    if image_problem("base") is not None:
        pytest.skip("needs the current base image")
    changed = tmp_path / "runner.py"
    changed.write_bytes(sandbox.images.RUNNER.read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(sandbox.images, "RUNNER", changed)

    problem = image_problem("base")

    assert problem is not None
    message, missing = problem
    assert not missing and "another runner" in message
    with pytest.raises(pytest.fail.Exception):
        require_image("base")


def test_a_missing_image_fails_when_images_are_required(monkeypatch):
    monkeypatch.setitem(RECIPES, "nowhere", sandbox.images.ImageRecipe("nowhere", ("nothing",)))

    monkeypatch.delenv("RCE_REQUIRE_IMAGES", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_image("nowhere")
    monkeypatch.setenv("RCE_REQUIRE_IMAGES", "1")
    with pytest.raises(pytest.fail.Exception, match="no image rce-sandbox-nowhere"):
        require_image("nowhere")
