m = int(input())
for guess in range(1, m + 1):
    print("?", guess, flush=True)
    if input().strip() == "=":
        break
