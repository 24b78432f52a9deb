"""Sandbox images, built offline: debootstrap a Debian rootfs, `docker import` it, add a thin layer.

No registry is reachable, so nothing is pulled. Each image is labelled with the hash of its recipe
(packages, the layer's Dockerfile and the runner), and is rebuilt only when that hash changes.
Run `python -m sandbox.images build [NAME...]` to build what is missing or stale.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import docker
from docker.errors import ImageNotFound

RUNNER = Path(__file__).parent / "runner" / "runner.py"
MIRROR = os.environ.get("RCE_DEBIAN_MIRROR", "http://deb.debian.org/debian")
SUITE = "bookworm"
RECIPE_LABEL = "rce.recipe"
# Every image carries python3: the runner is written in it.
COMMON_PACKAGES = ("python3",)


@dataclass(frozen=True)
class ImageRecipe:
    name: str
    packages: tuple[str, ...]

    @property
    def tag(self) -> str:
        return f"rce-sandbox-{self.name}:latest"

    @property
    def rootfs_tag(self) -> str:
        return f"rce-rootfs-{self.name}:{self.rootfs_hash[:16]}"

    @property
    def rootfs_hash(self) -> str:
        text = "\n".join([SUITE, MIRROR, *COMMON_PACKAGES, *sorted(self.packages)])
        return hashlib.sha256(text.encode()).hexdigest()

    def dockerfile(self) -> str:
        return "\n".join(
            [
                f"FROM {self.rootfs_tag}",
                "COPY runner.py /opt/rce/runner.py",
                "USER 65534:65534",
                "WORKDIR /box",
                'ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8',
                'CMD ["python3", "-I", "-S", "-B", "/opt/rce/runner.py"]',
                "",
            ]
        )

    @property
    def recipe_hash(self) -> str:
        digest = hashlib.sha256()
        digest.update(self.rootfs_hash.encode())
        digest.update(self.dockerfile().encode())
        digest.update(RUNNER.read_bytes())
        return digest.hexdigest()


RECIPES: dict[str, ImageRecipe] = {
    recipe.name: recipe
    for recipe in [
        ImageRecipe("base", ("gcc", "g++", "libc6-dev")),
    ]
}


def image_tag(name: str) -> str:
    return RECIPES[name].tag


def is_current(client: docker.DockerClient, recipe: ImageRecipe) -> bool:
    try:
        image = client.images.get(recipe.tag)
    except ImageNotFound:
        return False
    return bool(image.labels.get(RECIPE_LABEL) == recipe.recipe_hash)


def build_rootfs(client: docker.DockerClient, recipe: ImageRecipe) -> None:
    try:
        client.images.get(recipe.rootfs_tag)
        return
    except ImageNotFound:
        pass
    work = Path(tempfile.mkdtemp(prefix=f"rce-rootfs-{recipe.name}-"))
    try:
        target = work / "root"
        include = ",".join([*COMMON_PACKAGES, *recipe.packages])
        print(f"debootstrap {recipe.name}: {include}", flush=True)
        subprocess.run(
            ["debootstrap", "--variant=minbase", f"--include={include}", SUITE, str(target), MIRROR],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        strip_rootfs(target)
        tar = subprocess.Popen(["tar", "-C", str(target), "-c", "."], stdout=subprocess.PIPE)
        subprocess.run(["docker", "import", "-", recipe.rootfs_tag], stdin=tar.stdout, check=True)
        if tar.wait() != 0:
            raise RuntimeError("tar of the rootfs failed")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def strip_rootfs(root: Path) -> None:
    """Remove what a sandbox must not have: setuid/setgid bits and the package caches."""
    for path in root.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        mode = path.stat().st_mode
        if mode & 0o6000:
            path.chmod(mode & ~0o6000)
    for cache in ("var/cache/apt/archives", "var/lib/apt/lists"):
        shutil.rmtree(root / cache, ignore_errors=True)


def build_layer(client: docker.DockerClient, recipe: ImageRecipe) -> None:
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, data in (("Dockerfile", recipe.dockerfile().encode()), ("runner.py", RUNNER.read_bytes())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    client.images.build(
        fileobj=context,
        custom_context=True,
        tag=recipe.tag,
        labels={RECIPE_LABEL: recipe.recipe_hash},
        rm=True,
    )


def build(names: list[str] | None = None, client: docker.DockerClient | None = None) -> list[str]:
    client = client or docker.from_env()
    built = []
    for name in names or list(RECIPES):
        recipe = RECIPES[name]
        if is_current(client, recipe):
            continue
        started = time.monotonic()
        build_rootfs(client, recipe)
        build_layer(client, recipe)
        print(f"built {recipe.tag} in {time.monotonic() - started:.0f}s", flush=True)
        built.append(name)
    return built


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "build":
        print("usage: python -m sandbox.images build [NAME...]", file=sys.stderr)
        return 2
    build(argv[1:] or None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
