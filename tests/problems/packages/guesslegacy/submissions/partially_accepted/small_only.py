m = int(input())
if m > 1000:
    raise SystemExit(1)
for guess in range(1, m + 1):
    print("?", guess, flush=True)
    if input().strip() == "=":
        break
