# Unbounded stderr: kept up to 64 KiB, then discarded; the run ends on its time limit.
# expect: tle
import sys

while True:
    sys.stderr.write("e" * 1000 + "\n")
