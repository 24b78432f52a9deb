import re
import sys

data = sys.stdin.read()
match = re.fullmatch(r"(-?\d+) (-?\d+)\n", data)
if match and all(abs(int(x)) <= 10**9 for x in match.groups()):
    sys.exit(42)
sys.exit(43)
