"""Accepted, but slow before its first query on the large test: more CPU than the 2 s the judge
once gave every interactive problem without a time limit (problemtools computes 5 x the slowest)."""

import time

m = int(input())
if m > 1000:
    while time.process_time() < 2.5:
        pass
low, high = 1, m
while True:
    middle = (low + high) // 2
    print("?", middle, flush=True)
    reply = input().strip()
    if reply == "=":
        break
    if reply == "<":
        low = middle + 1
    else:
        high = middle - 1
