# kill(-1, SIGKILL) takes the runner down with it: a result still comes back, the next run works.
# stdin: kill
# stdin: check
# expect: rte, ok
# stdout: SAFE
import os
import sys

if sys.stdin.read().strip() == "kill":
    os.kill(-1, 9)
else:
    print("SAFE next run works")
