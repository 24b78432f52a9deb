"""Exact, or within one with the `tolerant` argument."""

import sys

with open(sys.argv[2]) as f:
    expected = int(f.read())
got = int(sys.stdin.read())
slack = 1 if "tolerant" in sys.argv[4:] else 0
sys.exit(42 if abs(got - expected) <= slack else 43)
