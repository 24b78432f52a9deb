# Become root: setuid, setgid, setgroups, set-uid binaries, capabilities, the clock.
# expect: ok
# stdout: SAFE
import ctypes
import os
import stat

if os.getuid() != 65534 or os.geteuid() != 65534:
    print("BREACH uid:", os.getuid(), os.geteuid())
for name, call in (
    ("setuid", lambda: os.setuid(0)),
    ("setgid", lambda: os.setgid(0)),
    ("setgroups", lambda: os.setgroups([0])),
    ("setresuid", lambda: os.setresuid(0, 0, 0)),
):
    try:
        call()
        print(f"BREACH {name}: succeeded")
    except OSError as exc:
        print(name, exc.strerror)
with open("/proc/self/status") as f:
    for line in f:
        if line.startswith(("CapEff", "CapPrm", "CapBnd", "NoNewPrivs")):
            key, value = line.split()
            print(key, value)
            if key in ("CapEff:", "CapPrm:") and int(value, 16):
                print("BREACH caps:", line.strip())
            if key == "NoNewPrivs:" and value != "1":
                print("BREACH no-new-privileges is off")
for root in ("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/lib"):
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode) and mode & (stat.S_ISUID | stat.S_ISGID):
                print("BREACH setuid binary:", path)
libc = ctypes.CDLL(None, use_errno=True)


class Timeval(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long)]


if libc.settimeofday(ctypes.byref(Timeval(0, 0)), None) == 0:
    print("BREACH clock: settimeofday succeeded")
print("SAFE")
