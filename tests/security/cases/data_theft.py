# Run 1 gets a secret as its input; run 2 looks everywhere for it (files, /proc, other processes).
# stdin: SECRET-TESTDATA-6c0ffee
# stdin: hunt
# expect: ok
# stdout: SAFE
import os
import sys

data = sys.stdin.read()
if "SECRET" in data:
    print("SAFE got my own input")
    sys.exit(0)
needle = b"SECRET-TESTDATA"
for root in ("/box", "/tmp", "/var/tmp", "/dev/shm", "/run", "/opt", "/home", "/root", "/var/lib"):
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if path == "/box/main.py" or "__pycache__" in path:
                continue  # the program itself, which quotes its input in its header
            if name.endswith((".in", ".out", ".ans")):
                print("BREACH testdata: found", path)
            try:
                with open(path, "rb") as f:
                    if needle in f.read(1 << 20):
                        print("BREACH testdata: secret in", path)
            except OSError:
                pass
for pid in (p for p in os.listdir("/proc") if p.isdigit()):
    for leak in ("cmdline", "environ"):
        try:
            with open(f"/proc/{pid}/{leak}", "rb") as f:
                if needle in f.read():
                    print(f"BREACH testdata: secret in /proc/{pid}/{leak}")
        except OSError:
            pass
print("SAFE")
