"""Interactor of two files: the protocol's replies live in replies.py."""

import sys

from replies import LIMIT, reply


def finish(code, message):
    with open(sys.argv[3] + "judgemessage.txt", "w") as f:
        f.write(message)
    sys.exit(code)


with open(sys.argv[1]) as f:
    m, hidden = map(int, f.read().split())
print(m, flush=True)
for count in range(LIMIT + 1):
    line = sys.stdin.readline()
    if not line:
        finish(43, "No operation sent" if count == 0 else "end of input")
    if count == LIMIT:
        finish(43, "too many queries")
    guess = int(line.split()[1])
    print(reply(guess, hidden), flush=True)
    if guess == hidden:
        finish(42, f"found in {count + 1}")
