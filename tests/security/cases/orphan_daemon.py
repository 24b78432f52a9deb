# Run 1 leaves a daemon behind (double fork, setsid, sleep); run 2 must not find it.
# stdin: plant
# stdin: check
# expect: ok
# stdout: SAFE
import os
import sys
import time

MARK = "rce-orphan-daemon"
if sys.stdin.read().strip() == "plant":
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execvp("python3", ["python3", "-c", "import time; time.sleep(1000)", MARK])
        os._exit(0)
    time.sleep(0.2)
    print("SAFE planted")
else:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if MARK.encode() in f.read():
                    print("BREACH orphan: daemon survived as pid", pid)
        except OSError:
            pass
    print("SAFE")
