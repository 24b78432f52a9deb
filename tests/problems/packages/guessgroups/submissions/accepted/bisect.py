low, high = 1, int(input())
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
