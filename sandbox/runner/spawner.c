/*
 * spawner: forks and execs each step of a submission for the runner, and reports wait4's rusage.
 *
 * Why it exists: a child forked from the Python runner inherits the runner's RSS high-water mark
 * (fork copies the mm, exec folds the old mm's hiwater into signal->maxrss), so even an empty C
 * program would report ~9 MB. This static binary is a few hundred KB, so what its children report
 * is what they used.
 *
 * It is started once per container by the runner with a SOCK_SEQPACKET socket as fd 3. Each request
 * is one datagram carrying three fds (stdin, stdout, stderr of the step) as SCM_RIGHTS and a payload
 * of NUL-terminated strings:
 *   "<cpu_soft> <cpu_hard> <fsize> <nofile> <stack> <nproc>"  (-1: unlimited, or left alone)
 *   "<argc>", argv[0..argc), then the environment, one "KEY=value" per string.
 * Replies, one datagram each: "S <pid>" once the child exists (or "E <message>"), then
 * "X <wait status> <utime_us> <stime_us> <maxrss_kb>" when it has been reaped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHANNEL 3
#define MAX_REQUEST (256 * 1024)
#define MAX_STRINGS 4096

struct request {
    long long cpu_soft, cpu_hard, fsize, nofile, stack, nproc;
    char *argv[MAX_STRINGS];
    char *envp[MAX_STRINGS];
    int fds[3];
};

static char buffer[MAX_REQUEST];

static void reply(const char *text) {
    /* The runner reads whole datagrams; a failed send means it is gone and we will see EOF. */
    send(CHANNEL, text, strlen(text), MSG_NOSIGNAL);
}

static int receive(struct request *req, size_t *length) {
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct iovec iov = {.iov_base = buffer, .iov_len = sizeof(buffer) - 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                         .msg_controllen = sizeof(control)};
    ssize_t n = recvmsg(CHANNEL, &msg, MSG_CMSG_CLOEXEC);
    if (n <= 0)
        return -1;
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS || cmsg->cmsg_len != CMSG_LEN(3 * sizeof(int)))
        return -1;
    memcpy(req->fds, CMSG_DATA(cmsg), sizeof(req->fds));
    buffer[n] = '\0';
    *length = (size_t)n;
    return 0;
}

/* Split the payload into the limits line, argv and envp; returns 0 when well formed. */
static int parse(struct request *req, size_t length) {
    char *strings[2 * MAX_STRINGS + 2];
    size_t count = 0;
    for (size_t at = 0; at < length && count < sizeof(strings) / sizeof(*strings);) {
        strings[count++] = buffer + at;
        at += strlen(buffer + at) + 1;
    }
    if (count < 3)
        return -1;
    if (sscanf(strings[0], "%lld %lld %lld %lld %lld %lld", &req->cpu_soft, &req->cpu_hard, &req->fsize,
               &req->nofile, &req->stack, &req->nproc) != 6)
        return -1;
    long argc = strtol(strings[1], NULL, 10);
    if (argc < 1 || argc >= MAX_STRINGS || (size_t)argc + 2 > count || count - argc - 2 >= MAX_STRINGS)
        return -1;
    for (long i = 0; i < argc; i++)
        req->argv[i] = strings[2 + i];
    req->argv[argc] = NULL;
    size_t envc = count - 2 - (size_t)argc;
    for (size_t i = 0; i < envc; i++)
        req->envp[i] = strings[2 + argc + i];
    req->envp[envc] = NULL;
    return 0;
}

static void set_limit(int resource, long long soft, long long hard) {
    struct rlimit limit = {
        .rlim_cur = soft < 0 ? RLIM_INFINITY : (rlim_t)soft,
        .rlim_max = hard < 0 ? RLIM_INFINITY : (rlim_t)hard,
    };
    setrlimit(resource, &limit);
}

static void fail(const char *what, const char *arg) {
    dprintf(2, "cannot start %s: %s: %s\n", arg, what, strerror(errno));
    _exit(127);
}

/* In the child, between fork and exec: become the step's process group, take its fds and limits. */
static void child(struct request *req) {
    setsid();
    /* Ask the OOM killer to pick the submission rather than the runner when the container is full. */
    int adj = open("/proc/self/oom_score_adj", O_WRONLY);
    if (adj >= 0) {
        (void)!write(adj, "1000", 4);
        close(adj);
    }
    for (int i = 0; i < 3; i++)
        if (dup2(req->fds[i], i) < 0)
            fail("dup2", req->argv[0]);
    /* Nothing of ours may leak into the program: the channel to the runner above all. */
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0)
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
    if (chdir("/box") != 0)
        fail("chdir /box", req->argv[0]);
    set_limit(RLIMIT_CPU, req->cpu_soft, req->cpu_hard);
    set_limit(RLIMIT_CORE, 0, 0);
    set_limit(RLIMIT_FSIZE, req->fsize, req->fsize);
    set_limit(RLIMIT_NOFILE, req->nofile, req->nofile);
    set_limit(RLIMIT_STACK, req->stack, req->stack);
    set_limit(RLIMIT_MEMLOCK, 0, 0);
    set_limit(RLIMIT_MSGQUEUE, 0, 0);
    /* Only under gVisor, whose kernel is private to the sandbox; on the host kernel RLIMIT_NPROC
     * would count every sandbox's processes (they all run as uid 65534). */
    if (req->nproc >= 0)
        set_limit(RLIMIT_NPROC, req->nproc, req->nproc);
    /* Dispositions set to ignore survive exec; the program must start with the defaults. */
    for (int sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execvpe(req->argv[0], req->argv, req->envp);
    fail("exec", req->argv[0]);
}

static void serve(struct request *req) {
    char text[160];
    pid_t pid = fork();
    if (pid == 0)
        child(req);
    for (int i = 0; i < 3; i++)
        close(req->fds[i]);
    if (pid < 0) {
        snprintf(text, sizeof(text), "E fork: %s", strerror(errno));
        reply(text);
        return;
    }
    snprintf(text, sizeof(text), "S %d", (int)pid);
    reply(text);
    int status = 0;
    struct rusage usage;
    memset(&usage, 0, sizeof(usage));
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR)
        ;
    long long utime = (long long)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec;
    long long stime = (long long)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec;
    snprintf(text, sizeof(text), "X %d %lld %lld %ld", status, utime, stime, usage.ru_maxrss);
    reply(text);
}

int main(void) {
    /* Not dumpable: a submission of the same uid cannot open our /proc/<pid>/fd or ptrace us. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    /* Die with the runner rather than linger as a stray process. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        struct request req;
        size_t length = 0;
        if (receive(&req, &length) != 0)
            return 0;
        if (parse(&req, length) != 0) {
            for (int i = 0; i < 3; i++)
                close(req.fds[i]);
            reply("E malformed request");
            continue;
        }
        serve(&req);
    }
}
