# Use no CPU at all: only the wall-clock limit ends it.
# expect: tle
import time

time.sleep(1000)
