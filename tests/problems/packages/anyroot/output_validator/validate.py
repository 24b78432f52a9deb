import sys

with open(sys.argv[1]) as input_file:
    n = int(input_file.read())
try:
    x = int(sys.stdin.read())
except ValueError:
    sys.exit(43)
sys.exit(42 if x * x == n else 43)
