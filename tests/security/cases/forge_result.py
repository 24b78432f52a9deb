# Write a forged result frame into every fd of every other process, the runner's channel first:
# the host must never accept it. Either the kernel blocks the writes (the run ends ok and prints
# SAFE), or the host rejects the frame for its missing nonce (rte, with the host's reason). A host
# that accepted it would report the forged result: ok, with FORGED ACCEPTED as the whole output.
# expect: ok|rte
# stdout: SAFE
# stdout-lacks: FORGED
# rte-reason: the runner's reply does not match the request
# runsc-tolerates: channel-write
import json
import os

fake = b"FORGED ACCEPTED\n"
header = {"outcome": "ok", "exit_code": 0, "signal": None, "time_ms": 1, "wall_ms": 1, "memory_kb": 1}
header.update(stdout_size=len(fake), stderr_size=0, nonce=None)
frame = json.dumps(header).encode() + b"\n" + fake
for pid in (p for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()):
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError as exc:
        print(pid, "fd list", exc.strerror)
        continue
    for fd in fds:
        try:
            target = os.open(f"/proc/{pid}/fd/{fd}", os.O_WRONLY | os.O_NONBLOCK)
            os.write(target, frame)
            print(f"BREACH channel-write: wrote into /proc/{pid}/fd/{fd}")
        except OSError as exc:
            print(pid, fd, exc.strerror)
print("SAFE")
