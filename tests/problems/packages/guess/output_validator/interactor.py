"""Guess the number: reads guesses from the submission and answers lower, higher or correct."""

import sys

GUESSES = 10


def finish(code: int, judge_message: str, team_message: str = "") -> None:
    feedback = sys.argv[3]
    with open(feedback + "judgemessage.txt", "w") as f:
        f.write(judge_message)
    if team_message:
        with open(feedback + "teammessage.txt", "w") as f:
            f.write(team_message)
    sys.exit(code)


def main() -> None:
    with open(sys.argv[1]) as f:
        secret = int(f.read())
    for count in range(1, GUESSES + 1):
        line = sys.stdin.readline()
        if not line:
            finish(43, f"end of input after {count - 1} guesses")
        try:
            guess = int(line)
        except ValueError:
            finish(43, f"guess {count} is not a number: {line[:40]!r}", "guesses must be integers")
        if guess == secret:
            print("correct", flush=True)
            finish(42, f"found {secret} in {count} guesses")
        print("lower" if secret < guess else "higher", flush=True)
    finish(43, f"{secret} not found in {GUESSES} guesses", "too many guesses")


main()
