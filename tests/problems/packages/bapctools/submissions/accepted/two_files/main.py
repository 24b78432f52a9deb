from helper import total

print(total(map(int, input().split())))
