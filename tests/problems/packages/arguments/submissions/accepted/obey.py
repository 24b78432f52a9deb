import sys

n = int(input())
if "--double" in sys.argv:
    n *= 2
if "--negate" in sys.argv:
    n = -n
print(n)
