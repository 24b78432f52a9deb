# Two submissions in two sandboxes: what the first writes, the second must not see.
# fresh: yes
# stdin: write
# stdin: check
# expect: ok
# stdout: SAFE
import os
import sys

PLACES = ["/tmp/rce-persist-sub", "/box/rce-persist-sub"]
if sys.stdin.read().strip() == "write":
    for path in PLACES:
        with open(path, "w") as f:
            f.write("from submission 1")
    print("SAFE written")
else:
    for path in PLACES:
        if os.path.exists(path):
            print("BREACH persistence:", path, "survived into another submission")
    print("SAFE")
