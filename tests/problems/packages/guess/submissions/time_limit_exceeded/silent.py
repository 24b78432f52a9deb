# Waits for a reply without ever asking: both sides wait until the wall clock runs out.
input()
