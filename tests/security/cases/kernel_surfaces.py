# Kernel interfaces a sandbox must not reach: keyrings, io_uring, AF_VSOCK, AF_ALG, bpf,
# perf_event_open, userfaultfd, kexec, modules, reboot. Raw syscall numbers are x86-64's.
# runsc-tolerates: io_uring_setup
# expect: ok
# stdout: SAFE
import ctypes
import os
import platform
import socket

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
buf = ctypes.create_string_buffer(256)
X86_64 = {
    "add_key": (248, b"user", b"rce", b"secret", 6, -3),  # KEY_SPEC_PROCESS_KEYRING... session
    "keyctl": (250, 0, -3, 0),  # KEYCTL_GET_KEYRING_ID of the session keyring
    "request_key": (249, b"user", b"rce", None, 0),
    "io_uring_setup": (425, 8, buf),
    "bpf": (321, 0, buf, 48),
    "perf_event_open": (298, buf, 0, -1, -1, 0),
    "userfaultfd": (323, 0),
    "kexec_load": (246, 0, 0, None, 0),
    "init_module": (175, buf, 16, b""),
    "reboot": (169, 0xFEE1DEAD, 672274793, 0x4321FEDC, None),
    "acct": (163, b"/tmp/acct"),
    "swapon": (167, b"/tmp/swap", 0),
    "open_by_handle_at": (304, -100, buf, 0),
}
if platform.machine() == "x86_64":
    for name, (number, *args) in X86_64.items():
        result = libc.syscall(number, *args)
        if result >= 0:
            print(f"BREACH {name}: returned {result}")
        else:
            print(name, os.strerror(ctypes.get_errno()))
for family, name in ((40, "AF_VSOCK"), (38, "AF_ALG"), (17, "AF_PACKET"), (3, "AF_AX25")):
    try:
        socket.socket(family, socket.SOCK_SEQPACKET if family == 38 else socket.SOCK_DGRAM).close()
        print(f"BREACH {name}: socket created")
    except OSError as exc:
        print(name, exc.strerror)
print("SAFE")
