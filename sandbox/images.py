"""Sandbox images, built offline: debootstrap a Debian rootfs, `docker import` it, add a thin layer.

No registry is reachable, so nothing is pulled. Each image is labelled with the hash of its recipe
(packages, the layer's Dockerfile, the runner and the spawner's source), and is rebuilt only when that
hash changes. The spawner is compiled statically once, in the base rootfs, and copied into every image.
Run `python -m sandbox.images build [NAME...]` to build what is missing or stale.
"""

from __future__ import annotations

import hashlib
import io
import json
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
FORKSERVER = Path(__file__).parent / "runner" / "forkserver.py"
# The runner's process spawner, compiled statically once and copied into every image.
SPAWNER_SOURCE = Path(__file__).parent / "runner" / "spawner.c"
SPAWNER_BUILDER = "base"
MIRROR = os.environ.get("RCE_DEBIAN_MIRROR", "http://deb.debian.org/debian")
SUITE = "bookworm"
RECIPE_LABEL = "rce.recipe"
# Downloaded .debs are shared between families (gcc, python3, the minbase set appear in several).
DEB_CACHE = Path(os.environ.get("RCE_DEB_CACHE", "/var/cache/rce-debootstrap"))
# Every image carries python3: the runner is written in it.
COMMON_PACKAGES = ("python3",)
# How a container starts its runner (the runner's PYTHON_FLAGS); see sandbox.containers.launch.
RUNNER_COMMAND = ("python3", "-I", "-S", "-B", "/opt/rce/runner.pyc")


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
                "COPY forkserver.py /opt/rce/forkserver.py",
                "COPY spawner /opt/rce/spawner",
                # Compiled once here: the rootfs is read-only, and compiling the runner at every
                # container start cost more CPU than starting the interpreter. Run as .pyc files.
                "RUN python3 -I -m compileall -q -b /opt/rce",
                "USER 65534:65534",
                "WORKDIR /box",
                "ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8",
                f"CMD {json.dumps(list(RUNNER_COMMAND))}",
                "",
            ]
        )

    @property
    def recipe_hash(self) -> str:
        digest = hashlib.sha256()
        digest.update(self.rootfs_hash.encode())
        digest.update(self.dockerfile().encode())
        digest.update(RUNNER.read_bytes())
        digest.update(FORKSERVER.read_bytes())
        digest.update(SPAWNER_SOURCE.read_bytes())
        return digest.hexdigest()


# Families are split so that no image is unwieldy and each builds in a few minutes; a language names
# its family in `Language.image`. debootstrap installs Depends only (no Recommends), which is what a
# sandbox wants. Bash is essential, so every family has it.
RECIPES: dict[str, ImageRecipe] = {
    recipe.name: recipe
    for recipe in [
        ImageRecipe("base", ("gcc", "g++", "libc6-dev")),
        ImageRecipe("jvm", ("openjdk-17-jdk-headless", "kotlin", "scala")),
        ImageRecipe("scripting", ("pypy3", "nodejs", "ruby", "php-cli", "lua5.4", "perl")),
        ImageRecipe("native", ("golang-go", "rustc", "fp-compiler", "ocaml", "ocaml-base")),
        ImageRecipe("functional", ("ghc", "sbcl", "swi-prolog-nox")),
        ImageRecipe("mono", ("mono-mcs", "mono-runtime", "libmono-system-numerics4.0-cil")),
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
        DEB_CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                f"--cache-dir={DEB_CACHE}",
                f"--include={include}",
                SUITE,
                str(target),
                MIRROR,
            ],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        if done.returncode != 0:
            # debootstrap's own messages name the log; its tail says which package failed and why.
            log_file = target / "debootstrap" / "debootstrap.log"
            tail = log_file.read_text(errors="replace")[-4000:] if log_file.exists() else ""
            raise RuntimeError(f"debootstrap of {recipe.name} failed:\n{tail}")
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


_spawners: dict[str, bytes] = {}


def build_spawner(client: docker.DockerClient) -> bytes:
    """Compile spawner.c statically inside the base rootfs (it has gcc); the binary runs in any image."""
    source = SPAWNER_SOURCE.read_bytes()
    key = hashlib.sha256(source).hexdigest()
    if key not in _spawners:
        builder = RECIPES[SPAWNER_BUILDER]
        build_rootfs(client, builder)
        script = "cat >/tmp/s.c && gcc -static -O2 -Wall -o /tmp/s /tmp/s.c >&2 && strip /tmp/s && cat /tmp/s"
        done = subprocess.run(
            ["docker", "run", "--rm", "-i", "--network", "none", builder.rootfs_tag, "sh", "-c", script],
            input=source,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0 or not done.stdout.startswith(b"\x7fELF"):
            raise RuntimeError(f"cannot build the spawner: {done.stderr.decode(errors='replace')}")
        _spawners[key] = done.stdout
    return _spawners[key]


def build_layer(client: docker.DockerClient, recipe: ImageRecipe) -> None:
    files = (
        ("Dockerfile", recipe.dockerfile().encode(), 0o644),
        ("runner.py", RUNNER.read_bytes(), 0o644),
        ("forkserver.py", FORKSERVER.read_bytes(), 0o644),
        ("spawner", build_spawner(client), 0o755),
    )
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, data, mode in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = mode
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
