# Unbounded stdout: the runner's cap kills the run as OLE and keeps at most the cap.
# expect: ole
# limits: output_bytes=1048576
while True:
    print("x" * 1000)
