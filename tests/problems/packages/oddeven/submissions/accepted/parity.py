n = int(input())
for _ in range(n):
    print("odd" if int(input()) % 2 else "even")
