a, b = map(int, input().split())
if a > 100:
    raise SystemExit(3)
print(a + b)
