# Use the writable tmpfs mounts as memory: ENOSPC at their size, or an OOM kill charged to the box.
# expect: ok|mle
# stdout: SAFE
import errno
import os

CHUNK = b"x" * (1 << 20)
for directory in ("/tmp", "/box", "/dev/shm"):
    written = 0
    try:
        for i in range(1000):
            # Several files: each is capped by RLIMIT_FSIZE on its own.
            with open(os.path.join(directory, f"fill{i}"), "wb") as f:
                for _ in range(8):
                    f.write(CHUNK)
                    written += 1
        print(f"BREACH tmpfs: wrote {written} MiB to {directory}")
    except OSError as exc:
        print(directory, errno.errorcode.get(exc.errno), written, "MiB")
print("SAFE")
