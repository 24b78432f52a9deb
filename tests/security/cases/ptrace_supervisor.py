# Attach to the supervisor (runner, spawner), or read its memory, fds and environment.
# expect: ok
# stdout: SAFE
# runsc-tolerates: proc-fd proc-maps proc-environ
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.restype = ctypes.c_long
PTRACE_ATTACH, PTRACE_SEIZE = 16, 0x4206


class IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


def readable(pid, leak):
    path = f"/proc/{pid}/{leak}"
    try:
        if leak == "fd":
            return bool(os.listdir(path))
        with open(path, "rb") as f:
            if leak == "mem":
                f.seek(0x400000)
            return bool(f.read(64))
    except OSError:
        return False


others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()]
print("other processes:", sorted(others))
for pid in others:
    for request in (PTRACE_ATTACH, PTRACE_SEIZE):
        if libc.ptrace(request, pid, None, None) == 0:
            print(f"BREACH ptrace: attached to {pid}")
    local = ctypes.create_string_buffer(64)
    liov, riov = IoVec(ctypes.addressof(local), 64), IoVec(0x400000, 64)
    if libc.process_vm_readv(pid, ctypes.byref(liov), 1, ctypes.byref(riov), 1, 0) > 0:
        print(f"BREACH process_vm_readv: read {pid}")
    for leak in ("fd", "mem", "environ", "maps"):
        if readable(pid, leak):
            print(f"BREACH proc-{leak}: /proc/{pid}/{leak} is readable")
print("SAFE")
