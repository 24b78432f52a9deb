"""The deployment's PostgreSQL init script and Redis command, run against this machine's own servers
(the images themselves cannot be pulled here)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import redis
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def postgres_server():
    """A throwaway PostgreSQL cluster whose superuser "postgres" is trusted on its socket, as in the
    image while its init scripts run."""
    if not PG_BIN or os.geteuid() != 0:
        pytest.skip("needs PostgreSQL's server binaries and root (to run them as postgres)")
    bin_dir = PG_BIN[-1]
    root = Path(tempfile.mkdtemp(prefix="rce-pg-init-"))
    shutil.chown(root, "postgres")
    data, port = root / "data", free_port()

    def as_postgres(*argv: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *argv], check=True, capture_output=True, timeout=60
        )

    as_postgres(
        str(bin_dir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        as_postgres(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options, "-w", "start"
        )
        yield root, port
    finally:
        as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def test_the_init_script_creates_an_app_role_that_is_not_a_superuser(postgres_server, tmp_path):
    socket_dir, port = postgres_server
    (tmp_path / "rce_db_password").write_text('it\'s a "secret"; DROP ROLE postgres;\n')
    env = {
        **os.environ,
        "POSTGRES_USER": "postgres",
        "RCE_DB_PASSWORD_FILE": str(tmp_path / "rce_db_password"),
        "PGHOST": str(socket_dir),
        "PGPORT": str(port),
    }
    result = subprocess.run(
        ["bash", str(DEPLOY / "postgres" / "init-app-role.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    password = 'it\'s a "secret"; DROP ROLE postgres;'
    with psycopg.connect(host="127.0.0.1", port=port, user="rce", password=password, dbname="rce") as conn:
        flags = conn.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles"
            " WHERE rolname = current_user"
        ).fetchone()
        assert flags == (False, False, False, False, False)
        conn.execute("CREATE TABLE migrations_work (id int)")  # it owns its database
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("COPY (SELECT 1) TO PROGRAM 'true'")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user="rce", password="wrong", dbname="rce").close()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user="postgres", password="", dbname="postgres").close()


def test_the_redis_command_requires_its_password_and_disables_config(tmp_path):
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    shell, flag, script = compose["services"]["redis"]["command"]
    (tmp_path / "redis_password").write_text("redis-secret\n")
    port = free_port()
    script = script.replace("$$", "$")  # compose's escape of a dollar
    script = script.replace("/run/secrets/redis_password", str(tmp_path / "redis_password"))
    script = script.replace("/tmp/redis.conf", str(tmp_path / "redis.conf"))
    process = subprocess.Popen(
        [shell, flag, f"{script} --port {port} --bind 127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port, password="redis-secret", socket_timeout=2)
        deadline = time.monotonic() + 10
        while True:
            try:
                assert client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis did not start"
                time.sleep(0.05)
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(port=port, socket_timeout=2).ping()
        with pytest.raises(redis.ResponseError, match="unknown command"):
            client.config_get("dir")
        assert (tmp_path / "redis.conf").stat().st_mode & 0o077 == 0
        with open(f"/proc/{process.pid}/cmdline", "rb") as cmdline:
            assert b"redis-secret" not in cmdline.read()
    finally:
        process.kill()
        process.wait()
