"""The one settings module. Everything configurable comes from the environment via config.env."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import django_stubs_ext
from csp.constants import NONE, SELF

from common.queues import QueueName
from config.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_secret,
    env_secret_optional,
    env_str,
    url_with_password,
)

# Lets model admin and querysets be subscripted at run time, as the type stubs expect.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("RCE_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_secret("RCE_SECRET_KEY", VAR_DIR / "secret_key")
DEBUG = env_bool("RCE_DEBUG", False)
ALLOWED_HOSTS = env_list("RCE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("RCE_CSRF_TRUSTED_ORIGINS", [])

# Served over HTTPS behind nginx (deploy/), which terminates TLS and sets X-Forwarded-Proto itself:
# cookies only over HTTPS, HSTS, plain-HTTP requests redirected. Off for `make run` on plain HTTP.
HTTPS = env_bool("RCE_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # Prometheus scrapes the web server directly, over the internal network.
    SECURE_REDIRECT_EXEMPT = [r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("RCE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RCE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("RCE_HSTS_PRELOAD", True)
# No script reads either cookie (the pages post the CSRF token from their forms).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_rq",
    "django_prometheus",
    "csp",
    "common",
    "problems",
    "judge",
    "contests",
    "staticanalysis",
    "accounts",
    "api",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# The database password may come from a file (Docker secrets) instead of the URL.
_database_url = url_with_password(env_str("DATABASE_URL", ""), env_secret_optional("RCE_DATABASE_PASSWORD"))
DATABASES = {
    "default": database_from_url(_database_url)
    if _database_url
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        # Workers and the web server share the file: wait for locks instead of failing at once.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # WAL with synchronous=NORMAL: a commit is not an fsync (a worker commits once per test);
            # a power cut can lose the last commits, never corrupt the file, and recovery judges
            # again whatever was left queued or judging.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis's password (requirepass) may come from a file (Docker secrets) instead of the URL.
REDIS_URL = url_with_password(
    env_str("RCE_REDIS_URL", "redis://127.0.0.1:6379"), env_secret_optional("RCE_REDIS_PASSWORD")
)
# Queues, cache and channel layer use three consecutive Redis databases from this one (tests use 8).
REDIS_DB_BASE = env_int("RCE_REDIS_DB_BASE", 0, minimum=0)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"{REDIS_URL}/{REDIS_DB_BASE + 1}",
        "KEY_PREFIX": "rce",
    }
}
# Live events are Redis pub/sub messages: one PUBLISH per group, against several round trips per
# group and per member with channels_redis' list-based layer, and nothing is kept for a consumer that
# has gone. Pub/sub channels are not per database, hence a prefix per database base.
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [f"{REDIS_URL}/{REDIS_DB_BASE + 2}"], "prefix": f"rce{REDIS_DB_BASE}"},
    }
}
# Jobs are stored as JSON, never pickle: whoever can write to Redis must not get code run by a worker
# that unpickles a job. Jobs carry ids and strings; results are plain dicts. Workers must use the same
# serializer (common.queues.get_worker).
RQ_SERIALIZER = "rq.serializers.JSONSerializer"
RQ_QUEUES = {
    name.value: {"URL": f"{REDIS_URL}/{REDIS_DB_BASE}", "DEFAULT_TIMEOUT": 600, "SERIALIZER": RQ_SERIALIZER}
    for name in QueueName
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for new and changed passwords; older hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
SERVE_STATIC = env_bool("RCE_SERVE_STATIC", True)
MEDIA_ROOT = Path(env_str("RCE_MEDIA_ROOT", str(VAR_DIR / "media")))
TESTDATA_ROOT = Path(env_str("RCE_TESTDATA_ROOT", str(VAR_DIR / "testdata")))

# Content Security Policy on every response: scripts only from our own static files (no inline script,
# no inline event handlers, no eval), as defence in depth for HTML made from statements, packages and
# program output. Styles may be inline: KaTeX positions glyphs with style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # The code editor's worker script, from our own static files (static/src/editor.js).
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    # Every DRF view is in api/: a token (`Authorization: Token <key>`) or the site's session; with
    # neither, 401. The CLICS API adds HTTP basic auth (api/clics/views.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.authentication.TokenScopeAllows",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RCE Judge API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs pages are public; the operations they describe are not.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": ["rest_framework.authentication.SessionAuthentication"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.only_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SubmissionStatusEnum": "judge.models.STATUS_CHOICES",
        "PhaseEnum": "api.v1.contest_serializers.PHASES",
        "ProblemMarkEnum": "api.v1.contest_serializers.PROBLEM_MARKS",
        "RunStatusEnum": "api.v1.serializers.RUN_STATUSES",
    },
}

# The APIs (api/): writes per user and per client address, and how long `wait=true` may hold.
API_WRITE_RATE = env_str("RCE_API_WRITE_RATE", "120/m")
API_WRITE_RATE_IP = env_str("RCE_API_WRITE_RATE_IP", "600/m")
API_WAIT_MAX_S = env_float("RCE_API_WAIT_MAX_S", 30.0, minimum=0.0)
# New API tokens from the profile page's form, per user.
API_TOKEN_CREATE_RATE = env_str("RCE_API_TOKEN_CREATE_RATE", "10/m")
SANDBOX_PIDS_LIMIT = env_int("RCE_SANDBOX_PIDS_LIMIT", 64, minimum=8)
# Judge0 compatibility: per-submission limits as (default, minimum, maximum), Judge0's own unless our
# sandbox needs less; the maxima can be lowered from the environment.
JUDGE0_LIMITS = {
    "cpu_time_limit": (5.0, 0.0, env_float("RCE_JUDGE0_MAX_CPU_TIME_LIMIT", 15.0, minimum=0.1)),
    "cpu_extra_time": (1.0, 0.0, 5.0),
    "wall_time_limit": (10.0, 1.0, env_float("RCE_JUDGE0_MAX_WALL_TIME_LIMIT", 20.0, minimum=1.0)),
    "memory_limit": (128000, 2048, env_int("RCE_JUDGE0_MAX_MEMORY_LIMIT", 512000, minimum=2048)),
    "stack_limit": (64000, 0, 128000),
    # The sandbox's tasks, less the runner's and its helpers' own (see sandbox.engine._limit_tasks).
    "max_processes_and_or_threads": (min(60, SANDBOX_PIDS_LIMIT - 4), 1, SANDBOX_PIDS_LIMIT - 4),
    "max_file_size": (1024, 0, 4096),
    "number_of_runs": (1, 1, env_int("RCE_JUDGE0_MAX_NUMBER_OF_RUNS", 20, minimum=1)),
}
JUDGE0_MAX_QUEUE_SIZE = env_int("RCE_JUDGE0_MAX_QUEUE_SIZE", 100, minimum=1)
JUDGE0_MAX_BATCH_SIZE = 20
JUDGE0_ENABLE_WAIT_RESULT = env_bool("RCE_JUDGE0_ENABLE_WAIT_RESULT", True)
JUDGE0_WAIT_MAX_S = env_float("RCE_JUDGE0_WAIT_MAX_S", 60.0, minimum=1.0)
# Hosts a submission's callback_url may point at; none by default (callbacks off).
JUDGE0_CALLBACK_HOSTS = env_list("RCE_JUDGE0_CALLBACK_HOSTS", [])

# Sandbox: see sandbox.config.SandboxConfig.
SANDBOX_RUNTIME = env_choice("RCE_SANDBOX_RUNTIME", "crun", ("crun", "runc", "runsc"))
SANDBOX_CPUS = env_float("RCE_SANDBOX_CPUS", 0.5, minimum=0.05)
SANDBOX_DOCKER_URL = env_str("RCE_DOCKER_URL", "") or None

# Client networks that may read /metrics without a login (Prometheus's, loopback): the address is
# daphne's, which takes it from nginx's X-Forwarded-For (nginx also answers /metrics with a 404).
INTERNAL_NETWORKS = env_list(
    "RCE_INTERNAL_NETWORKS", ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
)
for _network in INTERNAL_NETWORKS:
    ipaddress.ip_network(_network)  # a malformed one fails at start-up, not on a scrape

# Workers export Prometheus metrics on this port when set (0: off).
METRICS_PORT = env_int("RCE_METRICS_PORT", 0, minimum=0)

# How often a judging worker renews its lease on a submission (and notices it was taken away).
JUDGE_HEARTBEAT_S = env_float("RCE_JUDGE_HEARTBEAT_S", 5.0, minimum=0.05)

SUBMISSION_MAX_SOURCE_BYTES = env_int("RCE_MAX_SOURCE_BYTES", 64 * 1024, minimum=1)
SUBMISSION_RATE = env_str("RCE_SUBMISSION_RATE", "20/m")
# Per user (judge/fairness.py): submissions and runs queued or running at once; worst-case worker
# seconds per minute (a submission costs a compile and every test at its time limit); submissions
# of one priority waiting on the RQ queue at once (the rest wait their turn in the database).
JUDGE_MAX_IN_FLIGHT = env_int("RCE_JUDGE_MAX_IN_FLIGHT", 10, minimum=1)
JUDGE_COST_BUDGET_S = env_int("RCE_JUDGE_COST_BUDGET_S", 600, minimum=1)
JUDGE_DISPATCH_PER_USER = env_int("RCE_JUDGE_DISPATCH_PER_USER", 2, minimum=1)
# WebSockets one user may have open at once (judge/sockets.py); nginx also limits per address.
WS_MAX_PER_USER = env_int("RCE_WS_MAX_PER_USER", 20, minimum=1)
RATELIMIT_ENABLE = env_bool("RCE_RATELIMIT", True)
# Login attempts (the site's and the admin's), per client address and per username.
LOGIN_RATE = env_str("RCE_LOGIN_RATE", "10/m")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RCE_LOG_LEVEL", "INFO")},
}
