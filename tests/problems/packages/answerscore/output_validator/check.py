"""Accepts an answer equal, as an integer, to the judge's answer."""

import sys

with open(sys.argv[2]) as f:
    expected = int(f.read())
try:
    got = int(sys.stdin.read())
except ValueError:
    sys.exit(43)
sys.exit(42 if got == expected else 43)
