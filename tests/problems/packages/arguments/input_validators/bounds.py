import sys

limit = int(sys.argv[sys.argv.index("--max") + 1]) if "--max" in sys.argv else 100
n = int(sys.stdin.read())
sys.exit(42 if 0 <= n <= limit else 43)
