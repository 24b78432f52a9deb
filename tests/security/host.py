"""What the host looks like, to check that the attack corpus changed nothing on it.

Other engineers may run sandboxes on the same Docker engine at the same time, so the checks are
scoped to what this session created: its containers (recorded by wrapping `launch`), processes of
the sandbox uid that are not inside some other live container, files it could have left in /tmp.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docker

from sandbox import containers, pool
from sandbox.containers import LABEL

SANDBOX_UID = 65534
# Visible to this process and to the Docker client; a sandbox must never see it.
CANARY = f"rce-canary-{uuid.uuid4().hex}"
os.environ["RCE_CANARY_TOKEN"] = CANARY
WATCHED_FILES = ("/etc/passwd", "/etc/shadow", "/etc/hosts", "/etc/crontab")
REDIS_CANARY = f"rce-security-canary-{uuid.uuid4().hex[:8]}"
CONTAINER_ID = re.compile(r"[0-9a-f]{64}")


@dataclass
class HostState:
    tmp_entries: set[str]
    file_digests: dict[str, str]
    redis: bool
    ours: set[str] = field(default_factory=set)


def _digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


def _redis() -> Any:
    import redis

    return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2)


def _plant_redis_canary() -> bool:
    """Other processes use this Redis concurrently, so a key of our own stands in for its contents."""
    try:
        return bool(_redis().set(REDIS_CANARY, CANARY))
    except Exception:
        return False


def _redis_problems() -> list[str]:
    try:
        client = _redis()
        problems = [] if client.get(REDIS_CANARY) == CANARY.encode() else ["redis canary key changed"]
        problems += [f"redis key {key!r} written from a sandbox" for key in client.keys("rce-escape*")]
        return problems
    except Exception as exc:
        return [f"redis stopped answering: {exc}"]


def _sandbox_uid_processes() -> dict[int, str]:
    """Host processes running as the sandbox uid, with the cgroup path that places them."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != SANDBOX_UID:
                continue
            found[int(entry)] = Path(f"/proc/{entry}/cgroup").read_text()
        except OSError:
            continue
    return found


def _live_containers(client: docker.DockerClient) -> set[str]:
    return {c["Id"] for c in client.api.containers(all=True)}


def host_changes(state: HostState) -> list[str]:
    """Everything about the host that differs from `state` and could be the sandbox's doing."""
    pool.shutdown_pools()
    containers.wait_for_removals()
    client = docker.from_env()
    problems = []
    for _ in range(100):
        left = state.ours & {c["Id"] for c in client.api.containers(all=True, filters={"label": LABEL})}
        if not left:
            break
        time.sleep(0.1)
    if left:
        problems.append(f"sandbox containers left behind: {sorted(c[:12] for c in left)}")
    live = _live_containers(client)
    for pid, cgroup in _sandbox_uid_processes().items():
        owners = set(CONTAINER_ID.findall(cgroup))
        if owners & state.ours:
            problems.append(f"process {pid} of a removed sandbox survived: {cgroup.splitlines()[0]}")
        elif not owners & live:
            problems.append(f"process {pid} of uid {SANDBOX_UID} runs outside any container")
    for name in sorted(set(os.listdir("/tmp")) - state.tmp_entries):
        path = Path("/tmp") / name
        try:
            owner = path.lstat().st_uid
        except OSError:
            continue
        if owner == SANDBOX_UID or "rce-escape" in name or "rce-persist" in name:
            problems.append(f"new file in the host's /tmp: {path}")
    for watched, digest in state.file_digests.items():
        if _digest(watched) != digest:
            problems.append(f"{watched} changed")
    if state.redis:
        problems += _redis_problems()
    return problems


def snapshot_host() -> HostState:
    return HostState(
        tmp_entries=set(os.listdir("/tmp")),
        file_digests={path: _digest(path) for path in WATCHED_FILES},
        redis=_plant_redis_canary(),
    )


def forget_host(state: HostState) -> None:
    if state.redis:
        _redis().delete(REDIS_CANARY)
