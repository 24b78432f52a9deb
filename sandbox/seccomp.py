"""The sandbox's seccomp profile: Docker's default allow list, tightened for untrusted programs.

Docker's default profile (moby `profiles/seccomp/default.json`) allows some dangerous calls outright
(io_uring, ptrace on recent kernels) and many more when the container holds a capability. Sandbox
containers hold none, so this profile keeps only the unconditional allow list, removes what a
contest program never needs and an attacker likes, and restricts the arguments of `socket`,
`clone` and `personality`. Anything not allowed fails with EPERM; only native 64-bit system calls
are allowed (no i386 or x32 entry points, as isolate does).

`python -m sandbox.seccomp` writes `sandbox/seccomp.json`, the same profile for the docker CLI
(`--security-opt seccomp=sandbox/seccomp.json`); a test keeps the file in step with this module.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

PROFILE_PATH = Path(__file__).with_name("seccomp.json")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Docker's unconditional allow list (moby default.json), 64-bit names only: the 32-bit variants
# (`chown32`, `fcntl64`, `socketcall`...) are unreachable once i386 and x32 are left out.
DOCKER_ALLOWED = _words("""
accept accept4 access adjtimex alarm bind brk capget capset chdir chmod chown clock_adjtime
clock_getres clock_gettime clock_nanosleep close close_range connect copy_file_range creat dup dup2
dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait
epoll_wait_old eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64
fallocate fanotify_mark fchdir fchmod fchmodat fchown fchownat fcntl fdatasync fgetxattr flistxattr
flock fork fremovexattr fsetxattr fstat fstatfs fsync ftruncate futex futex_waitv futimesat getcpu
getcwd getdents getdents64 getegid geteuid getgid getgroups getitimer getpeername getpgid getpgrp
getpid getppid getpriority getrandom getresgid getresuid getrlimit get_robust_list getrusage getsid
getsockname getsockopt get_thread_area gettid gettimeofday getuid getxattr inotify_add_watch
inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy io_getevents io_pgetevents
ioprio_get ioprio_set io_setup io_submit io_uring_enter io_uring_register io_uring_setup kill
landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lgetxattr link linkat listen
listxattr llistxattr lremovexattr lseek lsetxattr lstat madvise membarrier memfd_create memfd_secret
mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap mprotect mq_getsetattr mq_notify
mq_open mq_timedreceive mq_timedsend mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock
munlockall munmap name_to_handle_at nanosleep newfstatat open openat openat2 pause pidfd_open
pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll prctl pread64 preadv
preadv2 prlimit64 process_mrelease pselect6 pwrite64 pwritev pwritev2 read readahead readlink
readlinkat readv recvfrom recvmmsg recvmsg remap_file_pages removexattr rename renameat renameat2
restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn
rt_sigsuspend rt_sigtimedwait rt_tgsigqueueinfo sched_getaffinity sched_getattr sched_getparam
sched_get_priority_max sched_get_priority_min sched_getscheduler sched_rr_get_interval
sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp select semctl
semget semop semtimedop sendfile sendmmsg sendmsg sendto setfsgid setfsuid setgid setgroups setitimer
setpgid setpriority setregid setresgid setresuid setreuid setrlimit set_robust_list setsid setsockopt
set_thread_area set_tid_address setuid setxattr shmat shmctl shmdt shmget shutdown sigaltstack
signalfd signalfd4 socketpair splice stat statfs statx symlink symlinkat sync sync_file_range syncfs
sysinfo tee tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_settime
timerfd_create timerfd_gettime timerfd_settime times tkill truncate umask uname unlink unlinkat utime
utimensat utimes vfork vmsplice wait4 waitid write writev
""")

# Removed from Docker's list, with the reason. Calls Docker only allows with a capability (mount,
# unshare, setns, bpf, perf_event_open, ptrace, process_vm_*, keyctl, kexec, userfaultfd...) are
# simply never added.
DENIED: dict[str, str] = {
    "io_uring_setup": "io_uring bypasses seccomp for the operations it performs; a rich kernel surface",
    "io_uring_enter": "io_uring",
    "io_uring_register": "io_uring",
    "sync": "flushes every filesystem of the host: a cheap way to slow other workloads",
    "syncfs": "same as sync for a whole filesystem",
    "adjtimex": "reads and, with a capability, sets the host clock; no program needs it",
    "clock_adjtime": "same as adjtimex",
    "fanotify_mark": "useless without fanotify_init, which needs CAP_SYS_ADMIN",
    "name_to_handle_at": "file handles are the first half of the open_by_handle_at escape",
    "memfd_secret": "secret memory hides pages from the kernel's own accounting tools",
    "remap_file_pages": "deprecated, emulated, rarely exercised code",
}

# Socket families a program may create: local and IP sockets (only loopback exists) and netlink,
# which libc uses to list interfaces. AF_ALG (38), AF_VSOCK (40), AF_PACKET and the rest fail.
SOCKET_FAMILIES = {"AF_UNIX": 1, "AF_INET": 2, "AF_INET6": 10, "AF_NETLINK": 16}

# clone() may create threads and processes but no namespaces (CLONE_NEWNS, NEWUTS, NEWIPC, NEWUSER,
# NEWPID, NEWNET, NEWCGROUP), as in Docker's profile for containers without CAP_SYS_ADMIN.
CLONE_NAMESPACE_FLAGS = 0x7E020000

# personality(): the values Docker allows (PER_LINUX, UNAME26, ADDR_NO_RANDOMIZE combinations, query).
PERSONALITIES = (0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF)

ARCHITECTURES = ("SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64")

EPERM = 1
ENOSYS = 38


def _allow(names: list[str], *args: dict[str, Any]) -> dict[str, Any]:
    rule: dict[str, Any] = {"names": names, "action": "SCMP_ACT_ALLOW"}
    if args:
        rule["args"] = list(args)
    return rule


def _arg(index: int, op: str, value: int, value_two: int = 0) -> dict[str, Any]:
    return {"index": index, "value": value, "valueTwo": value_two, "op": op}


def _rules() -> list[dict[str, Any]]:
    allowed = sorted(set(DOCKER_ALLOWED) - set(DENIED))
    # arch_prctl sets up thread-local storage on x86-64 (runc skips names its architecture lacks).
    rules = [_allow(allowed), _allow(["arch_prctl"])]
    rules += [_allow(["socket"], _arg(0, "SCMP_CMP_EQ", family)) for family in SOCKET_FAMILIES.values()]
    rules.append(_allow(["clone"], _arg(0, "SCMP_CMP_MASKED_EQ", CLONE_NAMESPACE_FLAGS, 0)))
    rules += [_allow(["personality"], _arg(0, "SCMP_CMP_EQ", value)) for value in PERSONALITIES]
    # ENOSYS rather than EPERM so that glibc falls back to clone(), whose flags we can inspect.
    rules.append({"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": ENOSYS})
    return rules


@cache
def profile() -> dict[str, Any]:
    return {
        "defaultAction": "SCMP_ACT_ERRNO",
        "defaultErrnoRet": EPERM,
        "archMap": [{"architecture": arch, "subArchitectures": []} for arch in ARCHITECTURES],
        "syscalls": _rules(),
    }


@cache
def profile_json() -> str:
    """The profile as Docker's `--security-opt seccomp=` wants it inline: compact JSON."""
    return json.dumps(profile(), separators=(",", ":"))


def rendered() -> str:
    """The profile as stored in seccomp.json."""
    return json.dumps(profile(), indent=2) + "\n"


def allowed_syscalls() -> set[str]:
    rules = profile()["syscalls"]
    return {name for rule in rules if rule["action"] == "SCMP_ACT_ALLOW" for name in rule["names"]}


def main() -> int:
    PROFILE_PATH.write_text(rendered())
    print(f"wrote {PROFILE_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
