# Fill the disk and the inode tables: the root filesystem is read-only, the tmpfs mounts are small.
# expect: ok|tle|mle
# stdout: SAFE
import errno
import os

for path in ("/big", "/usr/big", "/etc/big", "/var/tmp/big", "/opt/rce/big", "/home/big"):
    try:
        with open(path, "wb") as f:
            f.write(b"x")
        print("BREACH disk: wrote", path)
    except OSError as exc:
        print(path, errno.errorcode.get(exc.errno))
created = 0
try:
    os.mkdir("/tmp/inodes")
    for i in range(200_000):
        open(f"/tmp/inodes/{i}", "w").close()
        created += 1
except OSError as exc:
    print("inodes stopped by", errno.errorcode.get(exc.errno), "after", created)
try:
    fd = os.open("/tmp/huge", os.O_WRONLY | os.O_CREAT)
    os.posix_fallocate(fd, 0, 10 << 30)
    print("BREACH disk: allocated 10 GiB")
except OSError as exc:
    print("fallocate", errno.errorcode.get(exc.errno))
print("SAFE")
