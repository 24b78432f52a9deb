import sys

word = sys.stdin.read()
valid = word.endswith("\n") and word[:-1].isalpha()
if "--lower" in sys.argv[1:]:
    valid = valid and word.islower()
sys.exit(42 if valid else 43)
