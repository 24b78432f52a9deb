"""The warm pool and the reaper against the real Docker engine."""

import os
import subprocess
import time
import uuid

import docker
import pytest

from sandbox.config import SandboxConfig
from sandbox.containers import LABEL, remove_container, start_memory_kb
from sandbox.engine import Sandbox
from sandbox.images import image_tag
from sandbox.languages import get_language
from sandbox.pool import WarmPool, start_reaper
from sandbox.types import Limits, Outcome, SourceFile

pytestmark = pytest.mark.docker

LIMITS = Limits(time_ms=1000)
PY3 = get_language("py3")
MEMORY = start_memory_kb(PY3, LIMITS)


@pytest.fixture
def warm_pool():
    # A pool of its own (not the process-wide one), so that its contents are predictable.
    pool = WarmPool(SandboxConfig(pool_size=1))
    yield pool
    pool.shutdown()


def exists(container_id):
    return bool(docker.from_env().api.containers(all=True, filters={"id": container_id}))


def test_it_hands_out_each_container_once(warm_pool):
    assert warm_pool.wait_until_full(PY3.image, MEMORY)
    first = warm_pool.take(PY3.image, MEMORY)
    assert first is not None
    assert warm_pool.take(PY3.image, MEMORY) is None  # not refilled yet, and never handed out twice
    assert warm_pool.wait_until_full(PY3.image, MEMORY)
    second = warm_pool.take(PY3.image, MEMORY)
    assert second is not None and second.id != first.id
    for container in (first, second):
        container.channel.close()
        remove_container(docker.from_env(), container.id)


def test_it_skips_a_container_that_died_while_idle():
    # Two idle containers; the one next in line dies. take() must pass over it to the other.
    pool = WarmPool(SandboxConfig(pool_size=2))
    try:
        assert pool.wait_until_full(PY3.image, MEMORY)
        dead, alive = list(pool._slots[(PY3.image, MEMORY, "")].containers)
        docker.from_env().api.kill(dead.id)
        deadline = time.monotonic() + 30
        while dead.channel.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not dead.channel.alive(), "the killed container still looks alive"
        taken = pool.take(PY3.image, MEMORY)
        assert taken is not None and taken.id == alive.id
        taken.channel.close()
        remove_container(docker.from_env(), taken.id)
        # The dead one was thrown away, not kept for later.
        assert all(c.id != dead.id for c in pool._slots[(PY3.image, MEMORY, "")].containers)
        deadline = time.monotonic() + 30
        while exists(dead.id) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not exists(dead.id)
    finally:
        pool.shutdown()


def test_shutdown_removes_idle_containers(warm_pool):
    assert warm_pool.wait_until_full(PY3.image, MEMORY)
    idle = warm_pool._slots[(PY3.image, MEMORY, "")].containers[0].id
    warm_pool.shutdown()
    assert not exists(idle)


def test_a_sandbox_takes_a_pooled_container_and_removes_it_after_use():
    config = SandboxConfig(pool_size=1, pool_max_idle_s=299)  # its own process-wide pool
    from sandbox.pool import pool_for

    pool = pool_for(config)
    prepare = Sandbox(PY3, LIMITS, config).prepare_frame()
    assert pool.wait_until_full(PY3.image, MEMORY, prepare)
    pooled = pool._slots[(PY3.image, MEMORY, prepare)].containers[0].id
    # While idle, the container has the fork server its Python steps will need: a python3 that the
    # runner forked (as a zygote) when it started.
    top = docker.from_env().api.top(pooled, ps_args="-o pid,ppid,args")["Processes"]
    pids = {pid for pid, _, _ in top}
    runner = [pid for pid, ppid, _ in top if ppid not in pids]
    assert len(runner) == 1, top
    assert any(ppid == runner[0] and args.startswith("python3") for _, ppid, args in top), top
    with Sandbox(PY3, LIMITS, config) as box:
        assert box.container_id == pooled
        assert box.compile([SourceFile(PY3.source_name, b"print(input())\n")]).ok
        assert box.run(b"warm\n").stdout == b"warm\n"
    for _ in range(50):
        if not exists(pooled):
            break
        time.sleep(0.1)
    assert not exists(pooled)
    pool.shutdown()


def test_the_reaper_removes_old_labelled_containers():
    client = docker.from_env()
    tag = f"{LABEL}=test-{uuid.uuid4().hex[:8]}"
    key, value = tag.split("=")
    stale = client.api.create_container(image_tag("base"), command=["true"], labels={key: value})["Id"]
    config = SandboxConfig(pool_max_idle_s=0.1)
    reaper = start_reaper(interval_s=0.2, older_than_s=0.5, config=config, label=tag)
    try:
        for _ in range(50):
            if not exists(stale):
                break
            time.sleep(0.1)
        assert not exists(stale)
    finally:
        reaper.stop()


def test_the_reaper_refuses_to_kill_idle_pool_containers():
    with pytest.raises(ValueError):
        start_reaper(interval_s=1, older_than_s=60, config=SandboxConfig(pool_max_idle_s=300))


def test_a_sandbox_without_a_pool_starts_its_own_container():
    with Sandbox(PY3, LIMITS, SandboxConfig(pool_size=0)) as box:
        assert box.compile([SourceFile(PY3.source_name, b"print(1)\n")]).ok
        assert box.run(b"").outcome is Outcome.OK


def test_the_reaper_removes_young_containers_of_a_dead_owner():
    from sandbox.containers import OWNER_LABEL, _process_start, owner_gone, owner_tag, reap

    child = subprocess.Popen(["sleep", "5"])
    host = owner_tag().split(":")[0]
    dead_owner = f"{host}:{child.pid}:{_process_start(child.pid)}"
    child.kill()
    child.wait()
    assert owner_gone(dead_owner) and not owner_gone(owner_tag())
    tag = f"test-{uuid.uuid4().hex[:8]}"
    labels = {LABEL: tag, OWNER_LABEL: dead_owner}
    orphan = docker.from_env().api.create_container(image_tag("base"), command=["true"], labels=labels)["Id"]
    assert reap(older_than_s=3600, label=f"{LABEL}={tag}") == 1
    assert not exists(orphan)


def test_a_forked_child_does_not_inherit_the_pool():
    from sandbox import pool as pool_module

    pool_module.pool_for(SandboxConfig(pool_size=1, pool_max_idle_s=298))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, str(len(pool_module._pools)).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 16) == b"0"
    assert pool_module._pools
