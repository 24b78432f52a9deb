"""Input validator of two files: the bounds live in bounds.py."""

import re
import sys

from bounds import HIGH, LOW

text = sys.stdin.read()
if not re.fullmatch(r"\d+ \d+\n", text):
    sys.exit(43)
if not all(LOW <= int(x) <= HIGH for x in text.split()):
    sys.exit(43)
sys.exit(42)
