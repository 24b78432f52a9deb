"""The bridge from Django settings to the sandbox's plain configuration and limits."""

from __future__ import annotations

from django.conf import settings

from problems.models import Problem
from sandbox.config import SandboxConfig
from sandbox.types import Limits


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
