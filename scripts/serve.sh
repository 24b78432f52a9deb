#!/usr/bin/env bash
# Start the web server and the workers in the foreground; Ctrl-C stops everything started here.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
WORKERS=${3:-2}
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

for i in $(seq "$WORKERS"); do
  .venv/bin/python manage.py worker --name "judge-$$-$i" &
  pids+=($!)
done
.venv/bin/python manage.py worker screening --name "screening-$$" &
pids+=($!)
.venv/bin/daphne -b "$HOST" -p "$PORT" config.asgi:application &
pids+=($!)

echo
echo "RCE Judge is running at http://$HOST:$PORT/"
.venv/bin/python - <<'PY'
import json, pathlib
for user, password in json.loads(pathlib.Path("var/demo_logins.json").read_text()).items():
    print(f"  login: {user} / {password}")
PY
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
