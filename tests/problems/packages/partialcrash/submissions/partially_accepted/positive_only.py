n = int(input())
if n < 0:
    raise SystemExit("negative numbers are not handled")  # crashes on the sample
print(2 * n if n < 1000 else n)  # wrong on group 2
