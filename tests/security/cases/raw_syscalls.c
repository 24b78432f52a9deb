// Dangerous system calls issued directly, bypassing libc: each must fail.
// expect: ok
// stdout: SAFE
// Under gVisor these calls reach its user-space kernel, not the host's (and runsc ignores seccomp).
// runsc-tolerates: unshare-user unshare-net clone-newuser clone-newpid io_uring_setup socket-packet
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char buf[4096];

static void attempt(const char *tag, long result) {
    if (result >= 0)
        printf("BREACH %s: returned %ld\n", tag, result);
    else
        printf("%s: %s\n", tag, strerror(errno));
}

static int child(void *arg) {
    (void)arg;
    return 0;
}

int main(void) {
    attempt("keyctl", syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -3 /* session */, 0));
    attempt("add_key", syscall(SYS_add_key, "user", "rce", "secret", 6, -3));
    attempt("io_uring_setup", syscall(425, 8, buf));
    attempt("bpf", syscall(SYS_bpf, 0, buf, 48));
    attempt("perf_event_open", syscall(SYS_perf_event_open, buf, 0, -1, -1, 0));
    attempt("userfaultfd", syscall(SYS_userfaultfd, 0));
    attempt("ptrace-attach-1", syscall(SYS_ptrace, 16 /* ATTACH */, 1, 0, 0));
    attempt("process_vm_readv", syscall(SYS_process_vm_readv, 1, buf, 1, buf, 1, 0));
    attempt("unshare-user", syscall(SYS_unshare, CLONE_NEWUSER));
    attempt("unshare-net", syscall(SYS_unshare, CLONE_NEWNET));
    attempt("setns", syscall(SYS_setns, 0, 0));
    attempt("mount", syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, 0));
    attempt("kexec_load", syscall(SYS_kexec_load, 0, 0, 0, 0));
    attempt("init_module", syscall(SYS_init_module, buf, 16, ""));
    attempt("settimeofday", syscall(SYS_settimeofday, buf, 0));
    attempt("socket-vsock", syscall(SYS_socket, 40, SOCK_STREAM, 0));
    attempt("socket-alg", syscall(SYS_socket, 38, SOCK_SEQPACKET, 0));
    attempt("socket-packet", syscall(SYS_socket, 17, SOCK_RAW, 0));
    static char stack[65536];
    pid_t pid = clone(child, stack + sizeof(stack), CLONE_NEWUSER | SIGCHLD, NULL);
    attempt("clone-newuser", pid);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    attempt("clone-newpid", clone(child, stack + sizeof(stack), CLONE_NEWPID | SIGCHLD, NULL));
    puts("SAFE");
    return 0;
}
