"""Sandbox containers: the Docker client, owner labels, launching a container with its runner ready,
and removing containers (in the background, or reaping those that crashed processes left behind).
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import docker
from docker.errors import APIError, DockerException, ImageNotFound, NotFound

from sandbox import seccomp
from sandbox.channel import Channel, RunnerLost
from sandbox.config import SandboxConfig
from sandbox.images import RUNNER_COMMAND, image_tag
from sandbox.languages import Language
from sandbox.types import COMPILE_LIMITS, Limits, SandboxError

log = logging.getLogger(__name__)

LABEL = "rce.sandbox"
# Which process created a container (host, pid, start time), so that a reaper can tell when it died.
OWNER_LABEL = "rce.sandbox.owner"
_clients: dict[str | None, docker.DockerClient] = {}
_clients_lock = threading.Lock()


def _process_start(pid: int) -> str | None:
    """When a live process started (in clock ticks since boot); None if it is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    if len(fields) < 20 or fields[0] in (b"Z", b"X"):
        return None
    return fields[19].decode()


def owner_tag() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_process_start(os.getpid())}"


def owner_gone(tag: str | None) -> bool:
    """Whether the process named by an owner label ran on this host and has exited."""
    if not tag or tag.count(":") != 2:
        return False
    host, pid, start = tag.split(":")
    return host == socket.gethostname() and pid.isdigit() and _process_start(int(pid)) != start


def _forget_after_fork() -> None:
    # A forked child must not share the parent's HTTP connections to the engine.
    _clients.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


def docker_client(config: SandboxConfig) -> docker.DockerClient:
    with _clients_lock:
        client = _clients.get(config.docker_url)
        if client is None:
            try:
                client = (
                    docker.DockerClient(base_url=config.docker_url)
                    if config.docker_url
                    else docker.from_env()
                )
            except DockerException as exc:
                raise SandboxError(f"docker engine unavailable: {exc}") from exc
            if client.api.base_url.startswith("http+docker://"):
                # A local socket takes no proxy: spare requests its look through the environment for
                # one on every call (about an eighth of the client's CPU per container).
                client.api.trust_env = False
            _clients[config.docker_url] = client
        return client


def start_memory_kb(language: Language, limits: Limits, compiled: bool = False) -> int:
    """Memory a submission's container starts with: enough to compile, lowered after compiling."""
    compiles = language.compile is not None and not compiled
    memory_kb = max(limits.memory_kb, COMPILE_LIMITS.memory_kb) if compiles else limits.memory_kb
    return memory_kb + language.memory_allowance_kb


@dataclass
class Container:
    """A started sandbox container whose runner has said it is ready."""

    id: str
    channel: Channel
    memory_kb: int
    started: float = field(default_factory=time.monotonic)


def host_config(client: docker.DockerClient, config: SandboxConfig, memory_kb: int) -> dict[str, Any]:
    memory = (memory_kb + config.effective_runner_allowance_kb) * 1024
    # nr_inodes bounds an inode fill, and with it the time the runner spends wiping between runs.
    common = f"nosuid,nodev,nr_inodes={config.tmpfs_inodes},mode=0755,uid=65534,gid=65534"
    box = f"rw,exec,{common},size={config.box_mb}m"
    scratch = f"rw,noexec,{common},size={config.scratch_mb}m"
    security = ["no-new-privileges"]
    if config.seccomp:
        security.append(f"seccomp={seccomp.profile_json()}")
    return dict(
        client.api.create_host_config(
            network_mode="none",
            cap_drop=["ALL"],
            security_opt=security,
            mem_limit=memory,
            memswap_limit=memory,
            pids_limit=config.effective_pids_limit,
            nano_cpus=int(config.cpus * 1e9),
            read_only=True,
            tmpfs={"/box": box, "/tmp": scratch},  # noqa: S108 - the container's own /tmp
            # The runner is PID 1 itself: an init such as tini would hold the host channel while
            # being dumpable, so a submission could write forged results through /proc/1/fd/1.
            init=False,
            log_config={"type": "none", "config": {}},
            runtime=config.runtime,
            ipc_mode="none",
            # Container-wide ceilings; the spawner sets each step's own, tighter limits.
            ulimits=[
                docker.types.Ulimit(name="core", soft=0, hard=0),
                docker.types.Ulimit(name="nofile", soft=1024, hard=1024),
                # The runner's, which its zygote fork server keeps (the layout of memory that an
                # unlimited stack gives at exec is the one Python steps get; see runner.py).
                docker.types.Ulimit(name="stack", soft=-1, hard=-1),
            ],
        )
    )


def launch(
    client: docker.DockerClient,
    config: SandboxConfig,
    image: str,
    memory_kb: int,
    what: str = "",
    prepare: str = "",
) -> Container:
    """Create and start a container, attach to its runner and wait until the runner is ready; then
    send it the `prepare` frame, if any, which it acts on without replying (see Sandbox.prepare_frame).
    A runner that is to prepare a fork server forks it first thing, as a zygote (see runner.py)."""
    container_id: str | None = None
    channel: Channel | None = None
    try:
        created = client.api.create_container(
            image_tag(image),
            command=[*RUNNER_COMMAND, "--zygote"] if prepare else None,
            name=f"rce-{uuid.uuid4().hex[:16]}",
            hostname="box",
            user="65534:65534",
            stdin_open=True,
            network_disabled=True,
            environment={},
            labels={LABEL: "1", OWNER_LABEL: owner_tag()},
            host_config=host_config(client, config, memory_kb),
        )
        container_id = created["Id"]
        raw = client.api.attach_socket(
            container_id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
        )
        channel = Channel(getattr(raw, "_sock", raw))
        client.api.start(container_id)
        channel.read_header(time.monotonic() + 30)
        if prepare:
            channel.sock.sendall(prepare.encode() + b"\n")
        return Container(container_id, channel, memory_kb)
    except (DockerException, OSError, RunnerLost, TimeoutError) as exc:
        if channel is not None:
            channel.close()
        if container_id is not None:
            remove_later(client, container_id)
        if isinstance(exc, ImageNotFound):
            raise SandboxError(f"sandbox image missing for {what or image}: {exc}") from exc
        raise SandboxError(f"cannot start sandbox: {exc}") from exc


def lower_memory_in_cgroup(container_id: str, memory: int) -> bool:
    """Lower a container's memory and memory+swap limits by writing its cgroup v1 files directly.

    It is what `docker update` ends up doing, in a fraction of a millisecond rather than 15 to 40 ms
    through dockerd, containerd and runc: that is on every submission's critical path. Only possible
    for a worker that sees the host's cgroupfs as root, with Docker's cgroupfs driver and default
    cgroup parent (`/docker/<id>`); False sends the caller to `docker update`. The path is built from
    the id Docker gave us, nothing the container wrote. Docker's own record of the limit goes stale,
    which nothing here reads.
    """
    # Lowering: the memory limit first, as it may never exceed memory+swap.
    files = ("memory.limit_in_bytes", "memory.memsw.limit_in_bytes")
    return _write_cgroup("memory", container_id, {name: memory for name in files})


def _write_cgroup(controller: str, container_id: str, values: dict[str, int]) -> bool:
    """Write the values into the container's cgroup files, in order; False if any cannot be."""
    directory = _cgroup_dir(controller, container_id)
    if directory is None:
        return False
    try:
        for name, value in values.items():
            with open(f"{directory}/{name}", "w") as f:
                f.write(str(value))
    except OSError:
        return False
    return True


def _cgroup_dir(controller: str, container_id: str) -> str | None:
    """The container's cgroup v1 directory for a controller (cgroupfs driver, default parent), built
    from the id Docker gave us; None for anything else."""
    if not container_id or not all(c in "0123456789abcdef" for c in container_id):
        return None
    return f"/sys/fs/cgroup/{controller}/docker/{container_id}"


def tasks_in_container(container_id: str) -> int | None:
    """How many tasks (processes and threads) the container holds, from its pids cgroup; None
    where that cannot be read (another cgroup driver)."""
    directory = _cgroup_dir("pids", container_id)
    if directory is None:
        return None
    try:
        with open(f"{directory}/pids.current") as f:
            return int(f.read())
    except (OSError, ValueError):
        return None


def lower_pids_in_cgroup(container_id: str, limit: int) -> bool:
    """Set a container's pids limit by writing its cgroup file, as lower_memory_in_cgroup does for
    memory; False sends the caller to `docker update`."""
    return _write_cgroup("pids", container_id, {"pids.max": limit})


_removals: set[threading.Thread] = set()
_removals_lock = threading.Lock()
# How long a runner that was hung up on gets to exit before its container is removed (it takes a
# few milliseconds).
EXIT_GRACE_S = 0.25


def remove_later(client: docker.DockerClient, container_id: str) -> None:
    """Remove a container in the background: removal is off the critical path of judging. Callers
    have hung up on its runner first, which then exits: a container that has stopped by itself is
    removed without Docker killing it first (the kill costs the engine and runtime ~3.5 ms of CPU),
    so removal waits EXIT_GRACE_S for that; a container still running then is killed as before."""

    def remove() -> None:
        try:
            time.sleep(EXIT_GRACE_S)
            remove_container(client, container_id)
        finally:
            with _removals_lock:
                _removals.discard(thread)

    thread = threading.Thread(target=remove, name=f"remove-{container_id[:12]}", daemon=True)
    with _removals_lock:
        _removals.add(thread)
    thread.start()


@atexit.register
def wait_for_removals(timeout_s: float = 10.0) -> None:
    """Let pending removals finish, so a short-lived process does not leave containers behind."""
    deadline = time.monotonic() + timeout_s
    with _removals_lock:
        pending = list(_removals)
    for thread in pending:
        thread.join(max(0.0, deadline - time.monotonic()))


def remove_container(client: docker.DockerClient, container_id: str) -> None:
    try:
        client.api.remove_container(container_id, force=True)
    except NotFound:
        pass
    except DockerException as exc:
        # 409: another removal of it is under way (the reaper's, say).
        if not (isinstance(exc, APIError) and exc.status_code == 409):
            log.warning("could not remove sandbox container %s: %s", container_id[:12], exc)


def reap(client: docker.DockerClient | None = None, older_than_s: float = 0, label: str = LABEL) -> int:
    """Remove labelled sandbox containers left behind (a crashed worker); returns how many.

    Containers older than `older_than_s` go, and so, whatever their age, do those whose owner was a
    process of this host that has exited (a worker that crashed or ended with os._exit).
    `label` is a Docker label filter ("key" or "key=value"), for reaping only some of them.
    """
    client = client or docker_client(SandboxConfig())
    removed = 0
    now = time.time()
    for info in client.api.containers(all=True, filters={"label": label}):
        young = now - info["Created"] < older_than_s
        if young and not owner_gone((info.get("Labels") or {}).get(OWNER_LABEL)):
            continue
        remove_container(client, info["Id"])
        removed += 1
    return removed
