"""Two passes: the first output must be n + 1 and becomes the second pass's input; the second must be
n + 2 (the answer). Which pass this is, the validator notes in its feedback directory."""

import os
import sys

feedback = sys.argv[3]
with open(sys.argv[1]) as f:
    n = int(f.read())
got = int(sys.stdin.read())
second = os.path.exists(feedback + "seen.txt")
if got != n + (2 if second else 1):
    sys.exit(43)
if not second:
    with open(feedback + "seen.txt", "w") as f:
        f.write("1")
    with open(feedback + "nextpass.in", "w") as f:
        f.write(f"{got}\n")
sys.exit(42)
