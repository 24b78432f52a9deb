"""A whole RCE Judge stack in subprocesses, for benchmarks and end-to-end tests.

Each stack has its own var directory (SQLite database, test data, demo logins) and its own Redis
databases, so it never touches the developer's `make run` instance. Redis and Docker must be up.
"""

from __future__ import annotations

import http.client
import http.cookies
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path
from types import TracebackType

import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DAPHNE = str(ROOT / ".venv" / "bin" / "daphne")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shared_redis_port() -> int:
    """The port of the Redis the tests use (RCE_REDIS_URL), so that two checkouts can keep apart."""
    url = urllib.parse.urlsplit(os.environ.get("RCE_REDIS_URL", "redis://127.0.0.1:6379"))
    return url.port or 6379


class Stack:
    def __init__(
        self,
        name: str,
        *,
        redis_db_base: int,
        workers: int = 1,
        cpus: float = 0.5,
        private_redis: bool = False,
        maintenance_every_s: float = 10.0,
        docker_url: str | None = None,
    ) -> None:
        self.var_dir = ROOT / "var" / name
        self.redis_db_base = redis_db_base
        # A private Redis can be restarted (chaos testing) without touching anyone else's queues.
        self.private_redis = private_redis
        self.redis_port = free_port() if private_redis else shared_redis_port()
        self.redis_proc: subprocess.Popen[bytes] | None = None
        self.workers = workers
        # How often workers look for lost work: the workers' own default, shorter for chaos testing.
        self.maintenance_every = str(maintenance_every_s)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        self.env.update(
            RCE_VAR_DIR=str(self.var_dir),
            RCE_REDIS_DB_BASE=str(redis_db_base),
            RCE_REDIS_URL=f"redis://127.0.0.1:{self.redis_port}",
            RCE_RATELIMIT="false",
            RCE_SANDBOX_CPUS=str(cpus),
            RCE_LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="config.settings",
        )
        if docker_url is not None:
            self.env["RCE_DOCKER_URL"] = docker_url
        self.procs: list[subprocess.Popen[bytes]] = []
        self.worker_procs: list[subprocess.Popen[bytes]] = []
        self.logins: dict[str, str] = {}
        self._connections: dict[int, http.client.HTTPConnection] = {}

    def manage(self, *args: str) -> None:
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def _spawn(self, argv: list[str]) -> None:
        log = (self.var_dir / "stack.log").open("ab")
        self.procs.append(
            subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        )

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        argv = ["worker", "--name", name, "--maintenance-every", self.maintenance_every]
        self._spawn([PYTHON, "manage.py", *argv])
        self.worker_procs.append(self.procs[-1])
        return self.procs[-1]

    def redis(self, offset: int = 0) -> redis.Redis[bytes]:
        return redis.Redis(port=self.redis_port, db=self.redis_db_base + offset)

    def start_redis(self) -> None:
        """Start (again) the private Redis: empty, like a restarted Redis that keeps nothing on disk."""
        argv = [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.redis_proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.redis().ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("private redis did not start")

    def stop_redis(self) -> None:
        if self.redis_proc is not None:
            self.redis_proc.kill()
            self.redis_proc.wait()
            self.redis_proc = None

    def __enter__(self) -> Stack:
        shutil.rmtree(self.var_dir, ignore_errors=True)
        self.var_dir.mkdir(parents=True)
        if self.private_redis:
            self.start_redis()
        for offset in range(3):
            self.redis(offset).flushdb()
        self.manage("migrate", "-v", "0")
        self.manage("load_demo", "-v", "0")
        self.manage("load_demo_contests", "-v", "0")
        self.logins = json.loads((self.var_dir / "demo_logins.json").read_text())
        self._spawn([DAPHNE, "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"])
        for i in range(self.workers):
            self.start_worker(f"{self.var_dir.name}-{os.getpid()}-{i}")
        self._spawn(
            [PYTHON, "manage.py", "worker", "screening", "--maintenance-every", self.maintenance_every]
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        # Generous: on a slow or busy machine, Django and the workers take many seconds to start.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                requests.get(self.base_url + "/", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the web server did not start; see {self.var_dir / 'stack.log'}")
        # Workers register in Redis once they listen on their queues.
        connection = self.redis()
        while time.monotonic() < deadline and len(connection.smembers("rq:workers")) < self.workers + 1:
            time.sleep(0.1)

    def __exit__(self, *exc: object | TracebackType) -> None:
        for connection in self._connections.values():
            connection.close()
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.stop_redis()

    def login(self, username: str) -> requests.Session:
        session = requests.Session()
        page = session.get(self.base_url + "/accounts/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        session.post(
            self.base_url + "/accounts/login/",
            data={
                "username": username,
                "password": self.logins[username],
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": self.base_url + "/accounts/login/"},
        ).raise_for_status()
        return session

    def submit(
        self, session: requests.Session, source: str, *, problem: str = "aplusb", language: str = "py3"
    ) -> int:
        """POST a submission as the problem page's form does; returns the new submission's id.

        The load generator runs on the machine it measures, so it must cost little: requests spent
        about 1.3 ms of CPU per submission on proxy and cookie handling, taken from the judge under
        test, against 0.3 ms now. So the form is posted over one kept-alive http.client connection
        per session, with the session's cookies.
        """
        if "csrftoken" not in session.cookies:
            # A contestant opens the problem once, then submits from that page as often as needed.
            session.get(f"{self.base_url}/problems/{problem}/")
        body = urllib.parse.urlencode(
            {"language": language, "source": source, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{name}={value}" for name, value in session.cookies.items()),
            "Referer": f"{self.base_url}/problems/{problem}/",
        }
        for attempt in (1, 2):
            if id(session) not in self._connections:
                self._connections[id(session)] = http.client.HTTPConnection("127.0.0.1", self.port)
            connection = self._connections[id(session)]
            try:
                connection.request("POST", f"/problems/{problem}/submit", body, headers)
                response = connection.getresponse()
                response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed the kept-alive connection: once more on a new one.
                connection.close()
                del self._connections[id(session)]
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                session.cookies.set(name, morsel.value)
        if response.status != 302:
            raise RuntimeError(f"submit failed with {response.status}")
        return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
