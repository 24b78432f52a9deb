"""The deployment files, checked as far as this machine allows: nginx -t, promtool, compose config."""

import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, **kwargs)


def test_it_has_a_valid_nginx_site(tmp_path):
    # The site config names the upstream host "web"; point it at loopback for the syntax check.
    site = (DEPLOY / "nginx" / "rce.conf").read_text().replace("server web:8000;", "server 127.0.0.1:8000;")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path};\n include {tmp_path}/site.conf;\n}}\n"
    )
    result = run([shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-c", str(tmp_path / "nginx.conf")])
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_it_has_valid_prometheus_config_and_rules():
    result = run(["promtool", "check", "rules", str(DEPLOY / "prometheus" / "alerts.yml")])
    assert result.returncode == 0, result.stdout + result.stderr
    # promtool resolves rule_files relative to the config; check the config against a local copy.
    config = (DEPLOY / "prometheus" / "prometheus.yml").read_text()
    result = run(["promtool", "check", "config", "--syntax-only", "/dev/stdin"], input=config)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_has_a_valid_compose_file(tmp_path):
    result = run(["docker-compose", "-f", str(DEPLOY / "docker-compose.yml"), "config", "-q"], cwd=DEPLOY)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", sorted((DEPLOY / "grafana").rglob("*.json")), ids=lambda p: p.name)
def test_it_has_parseable_dashboards(path):
    import json

    dashboard = json.loads(path.read_text())
    assert dashboard["panels"] and all(panel["targets"] for panel in dashboard["panels"])
