# Plant links in the writable directories pointing at host-sensitive paths (CVE-2024-28185 class),
# hard-link read-only files, then check in the next run that none of it survived or was followed.
# stdin: plant
# stdin: check
# expect: ok
# stdout: SAFE
import contextlib
import os
import sys

TARGETS = [
    "/etc/shadow",
    "/etc/passwd",
    "/work/main/config/settings.py",
    "/opt/rce/runner.py",
    "/var/run/docker.sock",
    "/proc/1/root",
    "/tmp/rce-escape-host",
    "/root/.ssh/authorized_keys",
]
if sys.stdin.read().strip() == "plant":
    for i, target in enumerate(TARGETS):
        for directory in ("/box", "/tmp"):
            try:
                os.symlink(target, f"{directory}/link{i}")
            except OSError as exc:
                print("symlink", directory, exc.strerror)
    for name in ("main", "main.py", "output", "result", "run"):
        with contextlib.suppress(OSError):
            os.unlink(f"/box/{name}")
        try:
            os.symlink("/etc/shadow", f"/box/{name}")
        except OSError as exc:
            print("replace", name, exc.strerror)
    for source in ("/etc/passwd", "/opt/rce/runner.py", "/usr/bin/python3"):
        try:
            os.link(source, "/tmp/hardlink")
            print("hard link to", source, "created (same filesystem would be needed to matter)")
            with open("/tmp/hardlink", "a") as f:
                f.write("pwned")
            print(f"BREACH hardlink: wrote through a hard link to {source}")
        except OSError as exc:
            print("link", source, exc.strerror)
    try:
        with open("/opt/rce/runner.py", "a") as f:
            f.write("# pwned")
        print("BREACH runner: modified")
    except OSError as exc:
        print("runner", exc.strerror)
    print("SAFE planted")
else:
    leftovers = [p for d in ("/box", "/tmp") for p in os.listdir(d) if p.startswith(("link", "hardlink"))]
    if leftovers:
        print("BREACH persistence: links survived", leftovers)
    with open("/opt/rce/runner.py") as f:
        if "pwned" in f.read():
            print("BREACH runner: modified")
    print("SAFE", sorted(os.listdir("/box")))
