# The classic shell fork bomb: the pids limit stops it, and nothing outlives the run.
# expect: ok|rte|tle
:(){ :|:& };:
sleep 0.5
