# Close stdout and stderr, then sleep: the runner must not wait for pipes forever.
# expect: tle
import os
import time

os.close(1)
os.close(2)
time.sleep(1000)
