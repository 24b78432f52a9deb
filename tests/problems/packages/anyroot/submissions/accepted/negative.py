print(-int(int(input()) ** 0.5))
