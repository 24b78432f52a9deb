# Eight spinning threads: CPU time accrues faster than wall time; TLE either way.
# expect: tle
import threading


def spin():
    while True:
        pass


for _ in range(8):
    threading.Thread(target=spin, daemon=True).start()
spin()
