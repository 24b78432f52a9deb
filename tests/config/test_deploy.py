"""The deployment files, checked as far as this machine allows: nginx -t, promtool, compose config."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, **kwargs)


def self_signed_certificate(directory):
    key, certificate = str(directory / "tls_key"), str(directory / "tls_crt")
    argv = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    result = run([*argv, "-subj", "/CN=judge.example.org", "-keyout", key, "-out", certificate])
    assert result.returncode == 0, result.stderr


def nginx_test(tmp_path, site):
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path};\n include {tmp_path}/site.conf;\n}}\n"
    )
    return run([shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-c", str(tmp_path / "nginx.conf")])


def local_site(tmp_path):
    """The site config with its upstream hosts on loopback and its secrets in tmp_path."""
    site = (DEPLOY / "nginx" / "rce.conf").read_text()
    site = site.replace("server web:8000;", "server 127.0.0.1:8000;")
    site = site.replace("server grafana:3000;", "server 127.0.0.1:3000;")
    return site.replace("/run/secrets/", f"{tmp_path}/")


def test_it_has_a_valid_nginx_site_with_tls(tmp_path):
    self_signed_certificate(tmp_path)
    (tmp_path / "grafana_htpasswd").write_text("ops:$apr1$x$y\n")

    result = nginx_test(tmp_path, local_site(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_it_refuses_to_start_nginx_without_the_certificate(tmp_path):
    result = nginx_test(tmp_path, local_site(tmp_path))

    assert result.returncode != 0 and "tls_crt" in result.stderr


def test_it_serves_the_site_over_tls_only():
    site = (DEPLOY / "nginx" / "rce.conf").read_text()
    servers = site.split("server {")[1:]
    plain = next(server for server in servers if "listen 80;" in server)
    assert "return 301 https://$host$request_uri;" in plain and "proxy_pass" not in plain
    assert all("listen 443 ssl;" in server for server in servers if "proxy_pass" in server)
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in site
    # The client address that login throttling uses is set by nginx, never taken from the client.
    assert "$proxy_add_x_forwarded_for" not in site
    assert site.count("proxy_set_header X-Forwarded-Proto $scheme;") == 3


def test_it_puts_grafana_behind_a_password_in_nginx():
    site = (DEPLOY / "nginx" / "rce.conf").read_text()
    grafana = site.split("location /grafana/ {")[1].split("}")[0]
    assert "auth_basic_user_file /run/secrets/grafana_htpasswd;" in grafana
    assert "proxy_pass http://rce_grafana;" in grafana


def test_it_has_valid_prometheus_config_and_rules():
    result = run(["promtool", "check", "rules", str(DEPLOY / "prometheus" / "alerts.yml")])
    assert result.returncode == 0, result.stdout + result.stderr
    # promtool resolves rule_files relative to the config; check the config against a local copy.
    config = (DEPLOY / "prometheus" / "prometheus.yml").read_text()
    result = run(["promtool", "check", "config", "--syntax-only", "/dev/stdin"], input=config)
    assert result.returncode == 0, result.stdout + result.stderr


COMPOSE_ENV = {"RCE_DOMAIN": "judge.example.org", "DOCKER_GID": "998"}


def compose_config(**env):
    argv = ["docker-compose", "-f", str(DEPLOY / "docker-compose.yml"), "config"]
    return run(argv, cwd=DEPLOY, env={**os.environ, **env})


@pytest.fixture(scope="module")
def compose():
    result = compose_config(**COMPOSE_ENV)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_it_has_a_valid_compose_file(compose):
    assert {"web", "worker", "postgres", "redis", "nginx", "grafana", "prometheus"} <= set(
        compose["services"]
    )


def test_it_lets_prometheus_scrape_the_web_server_by_its_service_name(compose):
    scrape = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    web_job = next(job for job in scrape["scrape_configs"] if job["job_name"] == "rce-web")
    hosts = {target.split(":")[0] for config in web_job["static_configs"] for target in config["targets"]}
    allowed = compose["services"]["web"]["environment"]["RCE_ALLOWED_HOSTS"].split(",")
    assert hosts <= set(allowed) and "judge.example.org" in allowed


def test_it_needs_the_sites_domain_and_the_docker_group():
    result = compose_config(DOCKER_GID="998")
    assert result.returncode != 0 and "RCE_DOMAIN" in result.stderr


def test_it_publishes_nothing_but_nginx(compose):
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"nginx"}
    assert {str(port["target"]) for port in compose["services"]["nginx"]["ports"]} <= {"80", "443"}


def test_it_splits_networks_so_that_only_what_must_talk_can(compose):
    networks = compose["networks"]
    assert all(networks[name].get("internal") for name in ("frontend", "backend", "metrics"))
    joined = {
        name: set(service.get("networks") or {"default": None})
        for name, service in compose["services"].items()
    }
    # Only nginx is on a network with a way out; the data stores only on the backend network.
    assert {name for name, nets in joined.items() if not nets <= {"frontend", "backend", "metrics"}} == {
        "nginx"
    }
    assert joined["postgres"] == joined["redis"] == {"backend"}
    on_backend = {name for name, nets in joined.items() if "backend" in nets}
    assert on_backend == {"web", "migrate", "worker", "screening", "postgres", "redis"}
    assert "backend" not in joined["grafana"] | joined["prometheus"] | joined["cadvisor"]
    assert joined["nginx"] == {"edge", "frontend"}


def test_it_runs_postgres_with_passwords_and_an_app_role_that_is_not_a_superuser(compose):
    postgres = compose["services"]["postgres"]
    env = postgres["environment"]
    assert env["POSTGRES_HOST_AUTH_METHOD"] == "scram-sha-256"
    assert (
        "POSTGRES_PASSWORD" not in env and env["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    )
    assert {s["source"] for s in postgres["secrets"]} == {"postgres_password", "rce_db_password"}
    assert any(
        v.endswith("/docker-entrypoint-initdb.d/10-app-role.sh:ro") for v in map(str, postgres["volumes"])
    )
    init = (DEPLOY / "postgres" / "init-app-role.sh").read_text()
    assert "CREATE ROLE rce LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE" in init
    assert "CREATE DATABASE rce OWNER rce;" in init
    app_url = compose["services"]["web"]["environment"]["DATABASE_URL"]
    assert app_url == "postgres://rce@postgres:5432/rce" and env["POSTGRES_USER"] != "rce"


def test_it_runs_redis_with_a_password_from_a_secret(compose):
    redis = compose["services"]["redis"]
    command = " ".join(redis["command"])
    assert "requirepass %s" in command and "$(cat /run/secrets/redis_password)" in command
    assert "--rename-command CONFIG ''" in command
    assert [s["source"] for s in redis["secrets"]] == ["redis_password"]
    assert not redis.get("ports")


def test_it_gives_the_app_its_secrets_as_files(compose):
    for name in ("web", "migrate", "worker", "screening"):
        service = compose["services"][name]
        env = service["environment"]
        assert {s["source"] for s in service["secrets"]} == {
            "rce_secret_key",
            "rce_db_password",
            "redis_password",
        }
        assert env["RCE_SECRET_KEY_FILE"] == "/run/secrets/rce_secret_key"
        assert env["RCE_DATABASE_PASSWORD_FILE"] == "/run/secrets/rce_db_password"
        assert env["RCE_REDIS_PASSWORD_FILE"] == "/run/secrets/redis_password"
        assert env["RCE_HTTPS"] == "true"
    for name, service in compose["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if any(word in key for word in ("PASSWORD", "SECRET", "KEY")):
                assert key.endswith(("_FILE", "__FILE")) and str(value).startswith("/run/secrets/"), (
                    name,
                    key,
                )


def test_it_keeps_grafana_unpublished_with_its_password_from_a_secret(compose):
    grafana = compose["services"]["grafana"]
    assert not grafana.get("ports")
    assert grafana["environment"]["GF_SECURITY_ADMIN_PASSWORD__FILE"] == "/run/secrets/grafana_admin_password"
    assert grafana["environment"]["GF_AUTH_ANONYMOUS_ENABLED"] == "false"
    # Its only data source is Prometheus: no SQL data source that could reach the database.
    for path in (DEPLOY / "grafana" / "provisioning" / "datasources").iterdir():
        types = {source["type"] for source in yaml.safe_load(path.read_text())["datasources"]}
        assert types == {"prometheus"}, path


def test_it_gives_the_docker_socket_to_the_worker_only_and_not_as_root(compose):
    holders = {
        name
        for name, service in compose["services"].items()
        if any("docker.sock" in str(volume) for volume in service.get("volumes") or [])
    }
    assert holders == {"worker"}
    worker = compose["services"]["worker"]
    assert worker["user"] == "10001:998"
    assert worker["cap_drop"] == ["ALL"] and "no-new-privileges:true" in worker["security_opt"]
    assert worker["read_only"] is True


@pytest.mark.parametrize("path", sorted((DEPLOY / "grafana").rglob("*.json")), ids=lambda p: p.name)
def test_it_has_parseable_dashboards(path):
    import json

    dashboard = json.loads(path.read_text())
    assert dashboard["panels"] and all(panel["targets"] for panel in dashboard["panels"])
