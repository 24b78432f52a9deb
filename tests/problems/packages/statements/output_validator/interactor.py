import sys

with open(sys.argv[1]) as f:
    word = f.read().strip()
print(word, flush=True)
sys.exit(42 if sys.stdin.readline().strip() == word else 43)
