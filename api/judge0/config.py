"""`/about` and `/config_info`: what a Judge0 client reads on start (the SDK checks every key)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

# The SDK maps its language aliases by this version: it must be one it knows.
ABOUT = {
    "version": "1.13.1",
    "homepage": "https://github.com/rce-judge",
    "source_code": "https://github.com/rce-judge",
    "maintainer": "RCE Judge",
}


def config_info() -> dict[str, Any]:
    limits = settings.JUDGE0_LIMITS

    def default(name: str) -> float:
        return float(limits[name][0])

    def maximum(name: str) -> float:
        return float(limits[name][2])

    return {
        "maintenance_mode": False,
        "enable_wait_result": settings.JUDGE0_ENABLE_WAIT_RESULT,
        "enable_compiler_options": False,
        "allowed_languages_for_compile_options": [],
        "enable_command_line_arguments": True,
        "enable_submission_delete": False,
        "enable_callbacks": bool(settings.JUDGE0_CALLBACK_HOSTS),
        "callbacks_max_tries": 3,
        "callbacks_timeout": 5.0,
        "enable_additional_files": False,
        "max_queue_size": settings.JUDGE0_MAX_QUEUE_SIZE,
        "cpu_time_limit": default("cpu_time_limit"),
        "max_cpu_time_limit": maximum("cpu_time_limit"),
        "cpu_extra_time": default("cpu_extra_time"),
        "max_cpu_extra_time": maximum("cpu_extra_time"),
        "wall_time_limit": default("wall_time_limit"),
        "max_wall_time_limit": maximum("wall_time_limit"),
        "memory_limit": int(default("memory_limit")),
        "max_memory_limit": int(maximum("memory_limit")),
        "stack_limit": int(default("stack_limit")),
        "max_stack_limit": int(maximum("stack_limit")),
        "max_processes_and_or_threads": int(default("max_processes_and_or_threads")),
        "max_max_processes_and_or_threads": int(maximum("max_processes_and_or_threads")),
        "enable_per_process_and_thread_time_limit": False,
        "allow_enable_per_process_and_thread_time_limit": False,
        "enable_per_process_and_thread_memory_limit": False,
        "allow_enable_per_process_and_thread_memory_limit": False,
        "max_file_size": int(default("max_file_size")),
        "max_max_file_size": int(maximum("max_file_size")),
        "number_of_runs": int(default("number_of_runs")),
        "max_number_of_runs": int(maximum("number_of_runs")),
        "redirect_stderr_to_stdout": False,
        "max_extract_size": 0,
        "enable_batched_submissions": True,
        "max_submission_batch_size": settings.JUDGE0_MAX_BATCH_SIZE,
        "submission_cache_duration": 0.0,
        "use_docs_as_homepage": False,
        "allow_enable_network": False,
        "enable_network": False,
    }
