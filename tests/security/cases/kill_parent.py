# Kill the process that started us (the spawner); the run is an RTE, the next run still works.
# stdin: kill
# stdin: check
# expect: rte, ok
# stdout: SAFE
import os
import sys

if sys.stdin.read().strip() == "kill":
    os.kill(os.getppid(), 9)
    print("parent killed")
else:
    print("SAFE next run works")
