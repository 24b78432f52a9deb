# Spin on the CPU: killed shortly after the CPU limit.
# expect: tle
while True:
    pass
