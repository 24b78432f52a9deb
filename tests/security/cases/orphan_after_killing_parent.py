# Leave a daemon behind and kill the process that started us (a helper the runner spares): the
# next run must find neither the daemon nor a stand-in for the dead helper.
# stdin: plant
# stdin: check
# expect: rte|ok, ok
# stdout: SAFE
import os
import sys
import time

MARK = "rce-orphan-after-parent"
if sys.stdin.read().strip() == "plant":
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execvp("python3", ["python3", "-c", "import time; time.sleep(1000)", MARK])
        os._exit(0)
    time.sleep(0.2)
    print("SAFE planted")
    sys.stdout.flush()
    os.kill(os.getppid(), 9)
else:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if MARK.encode() in f.read():
                    print("BREACH orphan: daemon survived as pid", pid)
        except OSError:
            pass
    print("SAFE")
