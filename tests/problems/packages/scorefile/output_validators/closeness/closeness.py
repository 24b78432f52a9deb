"""Scores out of the group's accept_score (50): exact answers get it all, off by one half of it."""

import sys

with open(sys.argv[2]) as f:
    expected = int(f.read())
try:
    got = int(sys.stdin.read())
except ValueError:
    sys.exit(43)
if abs(got - expected) > 1:
    sys.exit(43)
with open(sys.argv[3] + "score.txt", "w") as f:
    f.write("50" if got == expected else "25")
sys.exit(42)
