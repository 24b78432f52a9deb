# Run 1 writes into every writable place; run 2 (same submission, next test) must find nothing.
# stdin: write
# stdin: check
# expect: ok
# stdout: SAFE
import os
import sys

PLACES = ["/tmp/rce-persist", "/box/rce-persist", "/box/sub/rce-persist", os.path.expanduser("~/rce-persist")]
if sys.stdin.read().strip() == "write":
    os.makedirs("/box/sub", exist_ok=True)
    for path in PLACES:
        try:
            with open(path, "w") as f:
                f.write("from run 1")
        except OSError as exc:
            print(path, exc.strerror)
    os.chmod("/box/sub", 0o500)  # make the cleanup harder
    try:
        os.chmod("/box", 0o500)
    except OSError as exc:
        print("chmod /box", exc.strerror)
    print("SAFE written")
else:
    for path in PLACES:
        if os.path.exists(path):
            print("BREACH persistence:", path, "survived")
    print("SAFE", sorted(os.listdir("/box")), sorted(os.listdir("/tmp")))
