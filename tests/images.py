"""Sandbox images in the tests: built from the runner code of this checkout, or the suite fails.

An image is labelled with the hash of its recipe, runner and spawner included (sandbox.images). A
stale image would test yesterday's runner, so it always fails; a missing one skips, unless
RCE_REQUIRE_IMAGES is set, as `make test` does (it builds them first), where it fails too.
"""

from __future__ import annotations

import os

import docker
import pytest
from docker.errors import ImageNotFound

from sandbox.images import RECIPE_LABEL, RECIPES


def images_required() -> bool:
    return os.environ.get("RCE_REQUIRE_IMAGES", "").lower() in {"1", "true", "yes", "on"}


def image_problem(name: str, client: docker.DockerClient | None = None) -> tuple[str, bool] | None:
    """What is wrong with an image, and whether it is only missing; None when it is current."""
    recipe = RECIPES[name]
    try:
        image = (client or docker.from_env()).images.get(recipe.tag)
    except ImageNotFound:
        return f"no image {recipe.tag}: run `python -m sandbox.images build {name}`", True
    if image.labels.get(RECIPE_LABEL) != recipe.recipe_hash:
        return (
            f"{recipe.tag} was built from another runner, spawner or recipe than this checkout's: "
            f"run `python -m sandbox.images build {name}`",
            False,
        )
    return None


def require_image(name: str, client: docker.DockerClient | None = None) -> None:
    problem = image_problem(name, client)
    if problem is None:
        return
    message, missing = problem
    if missing and not images_required():
        pytest.skip(message)
    pytest.fail(message)
