"""A Docker engine of the caller's own, which it may stop and start again (chaos runs).

Restarting the machine's dockerd would take down every other user of it: a developer's `make run`,
another test run's sandboxes. This engine has its own socket, state, data and containerd, and the
runtimes of the machine's engine (its daemon.json). It keeps its data between runs, so the sandbox
images are copied into it from the machine's engine once, and again only when their recipe changes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType

import docker
from docker.errors import DockerException

from bench.stack import ROOT
from sandbox.images import RECIPES, is_current

DAEMON_JSON = Path("/etc/docker/daemon.json")


class PrivateDockerd:
    def __init__(self, name: str = "rce-bench-dockerd") -> None:
        self.data_root = Path("/var/lib") / name
        self.exec_root = Path("/run") / name
        self.pidfile = self.exec_root / "dockerd.pid"
        self.url = f"unix://{self.exec_root / 'docker.sock'}"
        self.log = ROOT / "var" / "log" / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def client(self) -> docker.DockerClient:
        return docker.DockerClient(base_url=self.url)

    def start(self, timeout_s: float = 60) -> None:
        # One of ours killed in an earlier session leaves its pid file and socket behind.
        self._stop_leftover()
        self.exec_root.mkdir(parents=True, exist_ok=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        argv = [
            "dockerd",
            f"--data-root={self.data_root}",
            f"--exec-root={self.exec_root}",
            f"--pidfile={self.pidfile}",
            f"--host={self.url}",
            "--bridge=none",
            "--iptables=false",
            "--ip-masq=false",
        ]
        if DAEMON_JSON.exists():
            argv.append(f"--config-file={DAEMON_JSON}")
        with self.log.open("ab") as log:
            # Its own session: a signal meant for the test run's process group must not reach it.
            self.proc = subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the private dockerd exited; see {self.log}")
            try:
                if self.client().ping():
                    self.starts += 1
                    return
            except DockerException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the private dockerd did not come up; see {self.log}")

    def stop(self, timeout_s: float = 60) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self) -> tuple[int, int]:
        """Stop and start the engine again; returns the old and the new dockerd's pids."""
        assert self.proc is not None
        old = self.proc.pid
        self.stop()
        self.start()
        assert self.proc is not None
        return old, self.proc.pid

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None and self.proc.poll() is None else None

    def copy_images(self, *names: str) -> None:
        """Copy sandbox images from the machine's engine unless this engine has them current."""
        ours = self.client()
        for name in names:
            recipe = RECIPES[name]
            if is_current(ours, recipe):
                continue
            save = subprocess.Popen(["docker", "save", recipe.tag], stdout=subprocess.PIPE)
            load = subprocess.run(
                ["docker", f"--host={self.url}", "load", "--quiet"], stdin=save.stdout, capture_output=True
            )
            assert save.stdout is not None
            save.stdout.close()
            if save.wait() != 0 or load.returncode != 0:
                raise RuntimeError(f"copying image {recipe.tag} failed: {load.stderr.decode()[-500:]}")
            if not is_current(ours, recipe):
                raise RuntimeError(f"image {recipe.tag} is not current in the machine's engine")

    def _stop_leftover(self) -> None:
        try:
            pid = int(self.pidfile.read_text())
        except (OSError, ValueError):
            pid = 0
        if pid and Path(f"/proc/{pid}/cmdline").exists():
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"dockerd" in cmdline and str(self.exec_root).encode() in cmdline:
                os.kill(pid, signal.SIGTERM)
                deadline = time.monotonic() + 30
                while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                    time.sleep(0.2)
        for leftover in (self.pidfile, self.exec_root / "docker.sock"):
            leftover.unlink(missing_ok=True)

    def __enter__(self) -> PrivateDockerd:
        self.start()
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.stop()
