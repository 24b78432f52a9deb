# Run 1 nests directories deeper than PATH_MAX and Python's recursion limit in /tmp and /box, locks
# some of them; run 2 (same submission, next test) must find both empty, from the same runner.
# stdin: write
# stdin: check
# expect: ok
# stdout: SAFE
import os
import sys

if sys.stdin.read().strip() == "write":
    for top in ("/tmp", "/box"):
        os.chdir(top)
        for depth in range(2500):
            os.mkdir("d")
            os.chdir("d")
            if depth % 500 == 0:
                with open("f", "w") as f:
                    f.write("from run 1")
                os.symlink("/etc/passwd", "link")
        for depth in range(2500):
            os.chdir("..")
            if depth % 700 == 0:
                os.chmod("d", 0)
    print("SAFE written")
else:
    left = os.listdir("/tmp") + [name for name in os.listdir("/box") if name == "d"]
    if left:
        print("BREACH persistence:", left, "survived")
    print("SAFE")
