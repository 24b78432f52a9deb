n = int(input())
values = list(map(int, input().split()))
print(f"{sum(values) / n:.2f}")
