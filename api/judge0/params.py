"""Reading a Judge0 submission request: fields, strict base64, limits within our maxima.

Errors look like Judge0's (Rails validations): 422 with `{"field": ["message"]}`.
"""

from __future__ import annotations

import base64
import binascii
import math
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from api.judge0.languages import Judge0Language, judge0_language
from common.exceptions import ApplicationError

BLANK = "can't be blank"
NOT_A_NUMBER = "is not a number"
BAD_BASE64 = "some attributes for this submission cannot be decoded from base64, check base64_encoded"
LANGUAGE_MISSING = "language with id {id} doesn't exist"
TOO_LONG = "is too long (maximum is {limit} bytes)"
NOT_ALLOWED = {
    "enable_network": "enabling network is not allowed",
    "enable_per_process_and_thread_time_limit": "per process and thread time limit is not allowed",
    "enable_per_process_and_thread_memory_limit": "per process and thread memory limit is not allowed",
    "compiler_options": "setting compiler options is not allowed",
    "additional_files": "additional files are not allowed",
}
CALLBACK_NOT_ALLOWED = "host is not allowed"
ARGUMENT_CHARS_STRIPPED = "$&;<>|`"
MAX_ARGUMENTS_LENGTH = 512
MAX_STDIN_BYTES = 1 << 20


class Judge0Invalid(ApplicationError):
    """422 with Judge0's body: field errors, or one `error` message."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("invalid submission", {"errors": errors})
        self.errors = errors


@dataclass(frozen=True)
class LimitField:
    name: str
    is_float: bool

    @property
    def default(self) -> float:
        return float(settings.JUDGE0_LIMITS[self.name][0])

    @property
    def minimum(self) -> float:
        return float(settings.JUDGE0_LIMITS[self.name][1])

    @property
    def maximum(self) -> float:
        return float(settings.JUDGE0_LIMITS[self.name][2])


LIMIT_FIELDS = [
    LimitField("cpu_time_limit", True),
    LimitField("cpu_extra_time", True),
    LimitField("wall_time_limit", True),
    LimitField("memory_limit", False),
    LimitField("stack_limit", False),
    LimitField("max_processes_and_or_threads", False),
    LimitField("max_file_size", False),
    LimitField("number_of_runs", False),
]


@dataclass(frozen=True)
class Judge0Request:
    language: Judge0Language
    source_code: bytes
    stdin: bytes | None
    expected_output: bytes | None
    command_line_arguments: str
    limits: dict[str, float]
    redirect_stderr_to_stdout: bool
    callback_url: str


def _text_field(data: dict[str, Any], name: str, *, base64_encoded: bool) -> bytes | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Judge0Invalid({name: ["must be a string"]})
    if not base64_encoded:
        return value.encode()
    # Ruby's encode64 breaks lines every 60 characters: newlines are allowed, nothing else is.
    try:
        return base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
    except (binascii.Error, ValueError):
        raise Judge0Invalid({"error": BAD_BASE64}) from None


def _number(value: object, field: LimitField, errors: dict[str, list[str]]) -> float:
    if value is None:
        return field.default
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors[field.name] = [NOT_A_NUMBER]
        return field.default
    try:
        number = float(value)
    except ValueError:
        errors[field.name] = [NOT_A_NUMBER]
        return field.default
    if math.isnan(number) or number < field.minimum:
        errors[field.name] = [f"must be greater than or equal to {_shown(field.minimum)}"]
    elif number > field.maximum:
        errors[field.name] = [f"must be less than or equal to {_shown(field.maximum)}"]
    return number if field.is_float else float(round(number))


def _shown(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name)
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _callback_allowed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in settings.JUDGE0_CALLBACK_HOSTS


def command_line_arguments(raw: str) -> list[str]:
    """The program's arguments, as Judge0 passes them (its shell metacharacters removed)."""
    cleaned = raw.translate({ord(c): None for c in ARGUMENT_CHARS_STRIPPED})
    try:
        return shlex.split(cleaned)
    except ValueError:
        return cleaned.split()


def judge0_request_parse(data: object, *, base64_encoded: bool) -> Judge0Request:
    if not isinstance(data, dict):
        raise Judge0Invalid({"error": "the request body must be a JSON object"})
    errors: dict[str, list[str]] = {}
    source = _text_field(data, "source_code", base64_encoded=base64_encoded)
    stdin = _text_field(data, "stdin", base64_encoded=base64_encoded)
    expected = _text_field(data, "expected_output", base64_encoded=base64_encoded)
    if not source:
        errors["source_code"] = [BLANK]
    elif len(source) > settings.SUBMISSION_MAX_SOURCE_BYTES:
        errors["source_code"] = [TOO_LONG.format(limit=settings.SUBMISSION_MAX_SOURCE_BYTES)]
    for name, value in (("stdin", stdin), ("expected_output", expected)):
        if value is not None and len(value) > MAX_STDIN_BYTES:
            errors[name] = [TOO_LONG.format(limit=MAX_STDIN_BYTES)]
    language = _language(data.get("language_id"), errors)
    limits = {field.name: _number(data.get(field.name), field, errors) for field in LIMIT_FIELDS}
    for name, message in NOT_ALLOWED.items():
        value = data.get(name)
        if _flag(data, name) or (name in ("compiler_options", "additional_files") and value):
            errors[name] = [message]
    arguments = data.get("command_line_arguments") or ""
    if not isinstance(arguments, str) or len(arguments) > MAX_ARGUMENTS_LENGTH:
        errors["command_line_arguments"] = [f"is too long (maximum is {MAX_ARGUMENTS_LENGTH} characters)"]
        arguments = ""
    callback = data.get("callback_url") or ""
    if not isinstance(callback, str) or (callback and not _callback_allowed(callback)):
        errors["callback_url"] = [CALLBACK_NOT_ALLOWED]
        callback = ""
    if errors or language is None or source is None:
        raise Judge0Invalid(errors)
    return Judge0Request(
        language=language,
        source_code=source,
        stdin=stdin,
        expected_output=expected,
        command_line_arguments=arguments,
        limits=limits,
        redirect_stderr_to_stdout=_flag(data, "redirect_stderr_to_stdout"),
        callback_url=callback,
    )


def _language(value: object, errors: dict[str, list[str]]) -> Judge0Language | None:
    if value is None or value == "":
        errors["language_id"] = [BLANK]
        return None
    try:
        language_id = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        errors["language_id"] = [NOT_A_NUMBER]
        return None
    language = judge0_language(language_id)
    if language is None:
        errors["language_id"] = [LANGUAGE_MISSING.format(id=language_id)]
    return language
