# Fork bomb: the pids limit stops it (EAGAIN); the CPU or wall limit ends it; nothing survives.
# expect: tle|rte
import contextlib
import os

while True:
    with contextlib.suppress(OSError):
        os.fork()
