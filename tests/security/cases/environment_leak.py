# Look for the host's environment and secrets: our own environment, other processes', /proc.
# expect: ok
# stdout: SAFE
# runsc-tolerates: proc-environ
import os

ALLOWED = {"PATH", "HOME", "TMPDIR", "LANG", "PWD", "SHLVL", "_", "LC_CTYPE"}
print("environment:", dict(os.environ))
for key in os.environ:
    if key not in ALLOWED:
        print("BREACH env: unexpected variable", key)
for pid in (p for p in os.listdir("/proc") if p.isdigit()):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            data = f.read()
    except OSError:
        continue
    if pid != str(os.getpid()) and data:
        print(f"BREACH proc-environ: /proc/{pid}/environ readable")
    if b"RCE_CANARY" in data or b"SECRET" in data or b"PASSWORD" in data:
        print(f"BREACH env: a secret in /proc/{pid}/environ")
for path in ("/proc/kcore", "/proc/kallsyms", "/sys/kernel/debug", "/proc/sysrq-trigger", "/proc/keys"):
    try:
        with open(path, "rb") as f:
            data = f.read(4096)
        if data.strip(b"0 \n\t") and path != "/proc/kallsyms":
            print("BREACH proc:", path, "readable")
        if path == "/proc/kallsyms" and any(line.split()[0].strip(b"0") for line in data.splitlines()):
            print("BREACH proc: kernel addresses in /proc/kallsyms")
    except OSError as exc:
        print(path, exc.strerror)
try:
    with open("/proc/sys/kernel/hostname", "w") as f:
        f.write("pwned")
    print("BREACH proc: /proc/sys writable")
except OSError as exc:
    print("/proc/sys", exc.strerror)
print("hostname:", os.uname().nodename)
print("SAFE")
