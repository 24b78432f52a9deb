# Namespaces and mounts: unshare, setns into init's namespaces, mount, chroot, pivot_root.
# Under gVisor, namespaces and chroot are features of its own kernel, not the host's.
# expect: ok
# stdout: SAFE
# runsc-tolerates: unshare-user unshare-mount unshare-pid-net chroot
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x10000000, 0x20000000, 0x40000000


def attempt(tag, result):
    if result == 0:
        print(f"BREACH {tag}: succeeded")
    else:
        print(tag, os.strerror(ctypes.get_errno()))


attempt("unshare-user", libc.unshare(CLONE_NEWUSER))
attempt("unshare-mount", libc.unshare(CLONE_NEWNS))
attempt("unshare-pid-net", libc.unshare(CLONE_NEWPID | CLONE_NEWNET))
for ns in ("mnt", "net", "pid", "user"):
    try:
        fd = os.open(f"/proc/1/ns/{ns}", os.O_RDONLY)
        attempt(f"setns-{ns}", libc.setns(fd, 0))
    except OSError as exc:
        print("open ns", ns, exc.strerror)
attempt("mount", libc.mount(b"none", b"/box", b"tmpfs", 0, None))
attempt("mount-proc", libc.mount(b"proc", b"/tmp", b"proc", 0, None))
attempt("chroot", libc.chroot(b"/tmp"))
attempt("pivot_root", libc.syscall(155, b"/tmp", b"/tmp"))
print("SAFE")
