# Look for a way to the container engine: sockets, the host's root, device nodes.
# expect: ok
# stdout: SAFE
import os

for path in (
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
    "/run/docker/runtime-runc",
    "/host",
    "/work/main",
    "/root/.docker",
    "/dev/sda",
    "/dev/vda",
    "/dev/mem",
    "/dev/kmsg",
):
    if os.path.exists(path):
        print("BREACH engine: found", path)
print("SAFE")
