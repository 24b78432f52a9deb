# Touch far more memory than the limit: OOM kill or maxrss over the limit, reported as MLE.
# expect: mle
x = bytearray(1 << 30)
print("BREACH memory: allocated", len(x))
