"""The bridge from Django settings to the sandbox's plain configuration and limits."""

from __future__ import annotations

from django.conf import settings
from docker.errors import DockerException

from problems.models import Problem
from sandbox.config import SandboxConfig
from sandbox.engine import docker_client
from sandbox.types import Limits, SandboxError


def sandbox_config() -> SandboxConfig:
    return SandboxConfig(
        cpus=settings.SANDBOX_CPUS,
        pids_limit=settings.SANDBOX_PIDS_LIMIT,
        runtime=settings.SANDBOX_RUNTIME,
        docker_url=settings.SANDBOX_DOCKER_URL,
    )


def problem_limits(problem: Problem) -> Limits:
    return Limits(
        time_ms=problem.time_limit_ms,
        memory_kb=problem.memory_limit_kb,
        output_bytes=problem.output_limit_kb * 1024,
    )


def engine_healthy() -> bool:
    """Whether the Docker engine answers now."""
    try:
        return bool(docker_client(sandbox_config()).ping())
    except (SandboxError, DockerException, OSError):
        return False
