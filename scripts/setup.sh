#!/usr/bin/env bash
# Idempotent machine set-up for RCE Judge: each step checks first and skips what is already there.
# Usage: scripts/setup.sh STEP...   (steps: apt venv redis docker images all)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN_DIR="$ROOT/var/run"
LOG_DIR="$ROOT/var/log"
mkdir -p "$RUN_DIR" "$LOG_DIR"

APT_PACKAGES=(redis-server docker.io crun debootstrap runsc nginx-light prometheus docker-compose chromium)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step_apt() { apt_install "${APT_PACKAGES[@]}"; }

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  log "apt: installing ${missing[*]}"
  as_root apt-get update -q
  # policy-rc.d keeps apt from starting services we start ourselves.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

step_venv() {
  local stamp=.venv/.requirements.sha
  local want
  want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
  if [ -x .venv/bin/python ] && [ "$(cat $stamp 2>/dev/null)" = "$want" ]; then return 0; fi
  log "venv: installing Python requirements"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > $stamp
}

step_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return 0; fi
  log "redis: starting on 127.0.0.1:6379"
  # Nothing is persisted: queues are rebuilt from the database by the recovery step.
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" --dir "$ROOT/var"
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis did not start; see $LOG_DIR/redis.log" >&2; return 1
}

docker_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

machine_dockerd_running() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = dockerd ] &&
    ps -o stat= -p "$pid" | grep -qv '^Z'
}

ensure_runtimes() {
  # crun runs the sandboxes (a container start costs less CPU than with runc); gVisor is optional and
  # needs --network=none here (ptrace platform). runc stays Docker's default.
  local conf=/etc/docker/daemon.json
  local want='{"runtimes": {"crun": {"path": "/usr/bin/crun"}, "runsc": {"path": "/usr/bin/runsc", "runtimeArgs": ["--network=none", "--platform=ptrace"]}}}'
  if ! grep -q crun "$conf" 2>/dev/null || ! grep -q runsc "$conf" 2>/dev/null; then
    as_root mkdir -p /etc/docker
    echo "$want" | as_root tee "$conf" >/dev/null
    return 1
  fi
  return 0
}

ensure_cgroup_layout() {
  # With cgroup v1 and v2 both mounted (hybrid), crun refuses to run while v2 holds any controller,
  # as it does here for hugetlb, which nothing mounted as v1. Give each such controller its v1
  # hierarchy, the layout systemd makes; runc and dockerd work the same either way. Also remount a
  # v1 hierarchy that exists but is mounted nowhere (unmounted by hand): containerd cannot watch a
  # container's memory for OOM kills while one of its controllers has no mount.
  local unified=/sys/fs/cgroup/unified controller wanted
  [ -f $unified/cgroup.controllers ] || return 0
  wanted="$(cat $unified/cgroup.controllers) $(awk '$2 != 0 && $4 == 1 {print $1}' /proc/cgroups)"
  for controller in $wanted; do
    findmnt -rn -t cgroup -o OPTIONS | tr ',' '\n' | grep -qx "$controller" && continue
    as_root mkdir -p "/sys/fs/cgroup/$controller"
    as_root mount -t cgroup -o "$controller" cgroup "/sys/fs/cgroup/$controller" || true
  done
  if [ -n "$(cat $unified/cgroup.controllers)" ]; then
    echo "warning: cgroup v2 still holds controllers ($(cat $unified/cgroup.controllers)), so crun" \
      "cannot run sandboxes here; set RCE_SANDBOX_RUNTIME=runc" >&2
  fi
}

step_docker() {
  local changed=0
  ensure_cgroup_layout
  ensure_runtimes || changed=1
  if docker_up && [ $changed = 0 ]; then return 0; fi
  if docker_up; then
    log "docker: reloading configuration"
    as_root kill -HUP "$(cat /var/run/docker.pid)" || true
    sleep 1
    return 0
  fi
  log "docker: starting dockerd"
  # A dockerd killed in an earlier session leaves pid files and sockets behind. Only the machine's
  # own engine counts (its pid file is /var/run/docker.pid): a private engine of a test run, or a
  # dead dockerd not yet reaped, is no reason to skip starting it.
  if ! machine_dockerd_running; then
    as_root rm -f /var/run/docker.pid /var/run/docker.sock /run/docker/containerd/containerd.pid
    pgrep -x containerd >/dev/null || as_root rm -f /run/containerd/containerd.sock
    # Its own session: the engine must outlive whatever started it (a test, make, a shell).
    as_root setsid -f dockerd >>"$LOG_DIR/dockerd.log" 2>&1 </dev/null
  fi
  for _ in $(seq 120); do docker_up && return 0; sleep 0.5; done
  echo "dockerd did not come up; see $LOG_DIR/dockerd.log" >&2; return 1
}

step_assets() {
  # Front-end packages from the npm registry, bundled into static/vendor (git-ignored) by esbuild:
  # KaTeX, Monaco with its worker, Chart.js, highlight.js. Each half reruns only when its inputs
  # changed: npm ci when the lock file did, the bundles when the lock file, the build or a source did.
  local modules_stamp=node_modules/.package-lock.sha stamp=static/vendor/.inputs.sha lock want
  lock=$(sha256sum package-lock.json | cut -d' ' -f1)
  want=$(cat package-lock.json scripts/build_assets.mjs static/src/* | sha256sum | cut -d' ' -f1)
  if [ "$(cat $stamp 2>/dev/null)" = "$want" ]; then return 0; fi
  command -v npm >/dev/null || apt_install nodejs npm
  if [ "$(cat $modules_stamp 2>/dev/null)" != "$lock" ]; then
    log "assets: installing front-end packages"
    npm ci --no-audit --no-fund --silent
    echo "$lock" > $modules_stamp
  fi
  log "assets: bundling into static/vendor"
  node scripts/build_assets.mjs
  echo "$want" > $stamp
}

step_postgres() {
  # A PostgreSQL of our own on 127.0.0.1:5433 for the test suite's PostgreSQL run (fsync off: tests only).
  apt_install postgresql
  # Outside the checkout: the postgres user must reach it, whatever the checkout's permissions.
  local bin data=/var/lib/rce-test-postgres
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if pg_isready -q -h 127.0.0.1 -p 5433 2>/dev/null; then return 0; fi
  log "postgres: starting on 127.0.0.1:5433"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data" && as_root chown postgres "$data" && chmod 700 "$data"
    as_root runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U rce >/dev/null
  fi
  as_root rm -f "$data/postmaster.pid"
  as_root runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -s start \
    -o "-p 5433 -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
}

step_images() {
  .venv/bin/python -m sandbox.images build
}

for s in "$@"; do
  case "$s" in
    all) step_apt; step_venv; step_assets; step_redis; step_docker; step_images ;;
    apt|venv|assets|redis|docker|images|postgres) "step_$s" ;;
    *) echo "unknown step $s" >&2; exit 2 ;;
  esac
done
