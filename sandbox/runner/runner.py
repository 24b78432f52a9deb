"""The runner: lives inside every sandbox container and executes one submission's steps.

It is the container's init (PID 1), talks to the host over its own stdin/stdout with framed
messages (a JSON header line, then the raw payload bytes it announces), and runs each step as a
child process with kernel limits. It uses only the standard library of the image's python3.

Frames, host -> runner:
  {"op": "files", "files": [{"name": str, "size": int}, ...]} + contents   (writes /box)
  {"op": "exec", "phase": "compile"|"run", "argv": [...], "env": {...}, "stdin_size": int,
   "time_ms": int, "wall_ms": int, "memory_kb": int, "output_bytes": int, "stack_kb": int|null,
   "nproc": int|null, "nonce": str} + stdin
Frames, runner -> host:
  {"ok": true} after files; after exec a result header (echoing the request's "nonce") followed by
  stdout then stderr bytes.

Why PID 1 and not under an init such as tini: every process holding the host channel must be
non-dumpable, or a submission of the same uid could open /proc/<pid>/fd/1 and write a forged result
(or read the next test's input from fd 0). tini is dumpable and keeps the container's stdio open.
As PID 1 the runner also cannot be killed from inside (kill(-1, SIGKILL) spares init), and it reaps
the orphans a submission leaves.

After a successful compile the runner keeps every file of /box in memory and, before each run,
empties /box and /tmp and writes those files back: nothing a run writes survives into the next.

Steps are forked by a small static helper, the spawner (spawner.c), started once: a child forked from
this Python process would inherit its RSS high-water mark and report ~9 MB for an empty program.
"""

from __future__ import annotations

import array
import ctypes
import json
import os
import selectors
import shutil
import signal
import socket
import stat
import sys
import threading
import time

BOX = "/box"
SCRATCH = "/tmp"
STDERR_CAP = 64 * 1024
CHILD_PATH = "/usr/local/bin:/usr/bin:/bin"
MEMORY_CGROUP_FILES = ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control")
SPAWNER = "/opt/rce/spawner"
NOFILE = 256
# After the program is killed, how long its exit report may take to arrive.
REAP_GRACE_S = 2.0
# How often the program's CPU time is checked against its limit while it runs.
CPU_POLL_S = 0.02
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def read_exact(stream, size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def send(out, header: dict, *payloads: bytes) -> None:
    out.write(json.dumps(header).encode() + b"\n")
    for payload in payloads:
        out.write(payload)
    out.flush()


def make_undumpable() -> None:
    # A non-dumpable process cannot have its /proc/<pid>/fd or memory opened by processes of the same
    # uid, so a submission cannot write forged results into the runner's pipe.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except OSError:
        pass


def oom_kills() -> int:
    for path in MEMORY_CGROUP_FILES:
        try:
            with open(path) as f:
                for line in f:
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        return int(value)
        except OSError:
            continue
    return 0


def wipe(path: str) -> None:
    """Empty a directory the submission could have filled (we are inside the sandbox here)."""

    def unlock(func, target, _exc):
        # A run may have removed write permission from its own directories.
        parent = os.path.dirname(target)
        os.chmod(parent, stat.S_IRWXU)
        if os.path.isdir(target) and not os.path.islink(target):
            os.chmod(target, stat.S_IRWXU)
            shutil.rmtree(target, onerror=unlock)
        else:
            os.unlink(target)

    # The run may have taken write or search permission away from the directory itself.
    os.chmod(path, 0o755)
    for entry in os.listdir(path):
        full = os.path.join(path, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            shutil.rmtree(full, onerror=unlock)
        else:
            os.unlink(full)


def snapshot(path: str) -> dict[str, tuple[int, bytes | None]]:
    files: dict[str, tuple[int, bytes | None]] = {}
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames:
            full = os.path.join(dirpath, name)
            files[os.path.relpath(full, path)] = (os.lstat(full).st_mode, None)
        for name in filenames:
            full = os.path.join(dirpath, name)
            st = os.lstat(full)
            if stat.S_ISREG(st.st_mode):
                with open(full, "rb") as f:
                    files[os.path.relpath(full, path)] = (st.st_mode, f.read())
    return files


def restore(path: str, files: dict[str, tuple[int, bytes | None]]) -> None:
    for rel, (_mode, content) in sorted(files.items()):
        full = os.path.join(path, rel)
        if content is None:
            os.makedirs(full, exist_ok=True)
        else:
            with open(full, "wb") as f:
                f.write(content)
    # Code is handed to the run read-only (and restored before every run anyway); deepest first so
    # that a directory is still writable while its files are written.
    for rel, (mode, _content) in sorted(files.items(), reverse=True):
        os.chmod(os.path.join(path, rel), stat.S_IMODE(mode) & 0o555)


def kill_others(keep: tuple[int, ...] = ()) -> None:
    """Kill every process in the container except this runner and `keep`, until none is left."""
    spared = {1, os.getpid(), *keep}
    for _ in range(200):
        victims = [pid for pid in live_pids() if pid not in spared]
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        reap_orphans()
        time.sleep(0.001)


def live_pids() -> list[int]:
    """Processes of the container that are not zombies (a zombie cannot be killed, only reaped)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != b"Z":
            pids.append(int(entry))
    return pids


def reap_orphans() -> None:
    # As PID 1 we inherit every orphan; the spawner reaps the program itself.
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


class SpawnerLost(Exception):
    """The spawner died: killed by the submission (it is the program's parent) or by the OOM killer."""


class SpawnFailed(Exception):
    """The spawner is alive but could not fork (the container is out of processes)."""


class Spawner:
    """Client side of spawner.c: one SOCK_SEQPACKET datagram per request and per reply."""

    def __init__(self) -> None:
        self.sock: socket.socket | None = None
        self.pid = 0

    def ensure(self) -> None:
        if self.sock is not None:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # Inheritable, in case dup2 onto fd 3 is a no-op that would leave close-on-exec set.
        theirs.set_inheritable(True)
        devnull = os.open(os.devnull, os.O_RDWR)
        # The spawner must not hold the host channel (our stdin/stdout): it would keep it open.
        actions = [
            (os.POSIX_SPAWN_DUP2, devnull, 0),
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, theirs.fileno(), 3),
        ]
        self.pid = os.posix_spawn(SPAWNER, [SPAWNER], {"PATH": CHILD_PATH}, file_actions=actions)
        os.close(devnull)
        theirs.close()
        self.sock = ours

    def discard(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def start(self, req: dict, env: dict, fds: tuple[int, int, int]) -> int:
        self.ensure()
        cpu_s = (req["time_ms"] + 999) // 1000 + 1
        fsize = max(req["output_bytes"], 16 * 1024 * 1024)
        stack = req["stack_kb"] * 1024 if req.get("stack_kb") else -1
        nproc = req.get("nproc") or -1
        limits = f"{cpu_s} {cpu_s + 1} {fsize} {NOFILE} {stack} {nproc}"
        strings = [limits, str(len(req["argv"])), *req["argv"]]
        strings += [f"{key}={value}" for key, value in env.items()]
        payload = b"".join(s.encode() + b"\0" for s in strings)
        try:
            rights = (socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds).tobytes())
            self.sock.sendmsg([payload], [rights])
            reply = self.sock.recv(256)
        except OSError as exc:
            self.discard()
            raise SpawnerLost(str(exc)) from exc
        if not reply:
            self.discard()
            raise SpawnerLost("spawner exited")
        if not reply.startswith(b"S "):
            raise SpawnFailed(reply[2:].decode(errors="replace"))
        return int(reply[2:])

    def parse_exit(self, reply: bytes) -> tuple[int, float, int]:
        """An "X status utime_us stime_us maxrss_kb" reply as (status, cpu seconds, maxrss kB)."""
        _, status, utime, stime, maxrss = reply.split()
        return int(status), (int(utime) + int(stime)) / 1e6, int(maxrss)


def start_feeding(fd: int, data: bytes) -> None:
    """Give the program its input: whatever the pipe takes at once, the rest from a thread.

    Usually the whole input fits (a pipe holds 64 KiB), which spares a thread per run. Never block
    here: pipes get smaller once the sandbox uid has many of them, and the program may never read.
    """
    written = 0
    try:
        os.set_blocking(fd, False)
        if data:
            written = os.write(fd, data)
    except BlockingIOError:
        pass
    except OSError:
        written = len(data)  # the program is gone or closed its input
    if written >= len(data):
        os.close(fd)
        return
    os.set_blocking(fd, True)
    threading.Thread(target=feed, args=(fd, data[written:]), daemon=True).start()


def feed(fd: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view[:65536])
            view = view[written:]
    except OSError:
        pass  # The program stopped reading; that is its business.
    finally:
        os.close(fd)


class Step:
    """One program execution: its pipes, what it wrote, and how it ended."""

    def __init__(self, req: dict) -> None:
        self.req = req
        self.buffers: dict[int, bytearray] = {}
        self.flags: set[str] = set()
        self.exit: tuple[int, float, int] | None = None
        self.lost = False
        self.failure = ""
        self.pid = 0


def execute(spawner: Spawner, req: dict, stdin_data: bytes) -> tuple[dict, bytes, bytes]:
    stdin_r, stdin_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    env = {"PATH": CHILD_PATH, "HOME": SCRATCH, "TMPDIR": SCRATCH, "LANG": "C.UTF-8"}
    env.update(req.get("env") or {})
    step = Step(req)
    oom_before = oom_kills()
    start = time.monotonic()
    try:
        step.pid = spawner.start(req, env, (stdin_r, out_w, err_w))
    except SpawnerLost:
        step.lost = True
    except SpawnFailed as exc:
        step.failure = str(exc)
    finally:
        for fd in (stdin_r, out_w, err_w):
            os.close(fd)
    if step.lost or step.failure:
        os.close(stdin_w)
        for fd in (out_r, err_r):
            os.close(fd)
    else:
        start_feeding(stdin_w, stdin_data)
        collect(spawner, step, out_r, err_r, start)
    wall_ms = int((time.monotonic() - start) * 1000)
    kill_others(keep=(spawner.pid,))
    header = classify(step, wall_ms, oom_kills() - oom_before)
    return header, bytes(step.buffers.get(out_r, b"")), bytes(step.buffers.get(err_r, b""))


def collect(spawner: Spawner, step: Step, out_r: int, err_r: int, start: float) -> None:
    """Read stdout and stderr with hard caps until the program has exited and its pipes are closed.

    On output overflow, on exceeding the CPU limit or at the wall deadline the process group is
    killed. As soon as the program itself has exited, whatever it left behind is killed too, so that
    its pipes close.
    """
    caps = {out_r: step.req["output_bytes"], err_r: STDERR_CAP}
    step.buffers = {out_r: bytearray(), err_r: bytearray()}
    channel = spawner.sock.fileno()
    sel = selectors.DefaultSelector()
    for fd in (out_r, err_r, channel):
        sel.register(fd, selectors.EVENT_READ)
    deadline = start + step.req["wall_ms"] / 1000
    while len(sel.get_map()) and not step.flags:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            step.flags.add("wall")
            break
        for key, _ in sel.select(timeout=min(remaining, CPU_POLL_S)):
            if key.fd == channel:
                sel.unregister(key.fd)
                wait_report(spawner, step, block=False)
            elif not read_chunk(key.fd, step, caps[key.fd], key.fd == out_r):
                sel.unregister(key.fd)
        if step.exit is None:
            check_usage(step)
    sel.close()
    if step.flags:
        try:
            os.killpg(step.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_others(keep=(spawner.pid,))
    if step.exit is None and not step.lost:
        wait_report(spawner, step, block=True)
    os.close(out_r)
    os.close(err_r)


def check_usage(step: Step) -> None:
    """Flag a program over its CPU or memory limit, to be killed now rather than at the next backstop.

    RLIMIT_CPU acts at whole seconds only. The container's memory limit includes the runner's
    allowance, and under gVisor cannot be lowered after compiling, so the program's own peak RSS is
    checked here against its limit.
    """
    if cpu_ms_of(step.pid) > step.req["time_ms"]:
        step.flags.add("cpu")
    elif judges_rss(step.req) and peak_rss_kb(step.pid) > step.req["memory_kb"]:
        step.flags.add("memory")


def judges_rss(req: dict) -> bool:
    # A compiler is only held to the container's memory limit (an OOM kill): gVisor counts mapped
    # files generously, and a JVM-based compiler maps hundreds of MB of jars.
    return req.get("phase") != "compile"


def peak_rss_kb(pid: int) -> int:
    """The process's peak RSS, or its current RSS where there is no peak (gVisor has no VmHWM)."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                key, _, value = line.partition(b":")
                if key in (b"VmHWM", b"VmRSS"):
                    fields[key] = int(value.split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return fields.get(b"VmHWM", fields.get(b"VmRSS", 0))


def cpu_ms_of(pid: int) -> int:
    """CPU time of a live process, all its threads included; RLIMIT_CPU only acts at whole seconds."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    # utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return (int(fields[11]) + int(fields[12])) * 1000 // CLOCK_TICKS


def read_chunk(fd: int, step: Step, cap: int, is_stdout: bool) -> bool:
    """Read what a pipe has; False at end of file. Overflowing stdout flags the step as OLE."""
    chunk = os.read(fd, 1 << 16)
    if not chunk:
        return False
    buf = step.buffers[fd]
    if len(buf) + len(chunk) > cap:
        buf.extend(chunk[: max(0, cap - len(buf))])
        if is_stdout:
            step.flags.add("ole")
    else:
        buf.extend(chunk)
    return True


def wait_report(spawner: Spawner, step: Step, block: bool) -> None:
    """Take the spawner's exit report for the step; when the program has exited, kill its leftovers."""
    spawner.sock.settimeout(REAP_GRACE_S if block else None)
    try:
        reply = spawner.sock.recv(256)
    except OSError:
        reply = b""
    if not reply:
        step.lost = True
        spawner.discard()
    else:
        step.exit = spawner.parse_exit(reply)
    # Background processes would otherwise hold the pipes open until the wall deadline.
    kill_others(keep=(spawner.pid,))


def classify(step: Step, wall_ms: int, ooms: int) -> dict:
    req = step.req
    status, cpu_s, memory_kb = step.exit if step.exit is not None else (signal.SIGKILL, 0.0, 0)
    cpu_ms = int(cpu_s * 1000)
    header: dict = {"time_ms": cpu_ms, "wall_ms": wall_ms, "memory_kb": memory_kb}
    header.update(exit_code=None, signal=None)
    if os.WIFSIGNALED(status):
        header["signal"] = signal.Signals(os.WTERMSIG(status)).name
    else:
        header["exit_code"] = os.WEXITSTATUS(status)
    if step.lost:
        header["reason"] = "the program killed its supervisor"
    if step.failure:
        header["reason"] = f"cannot start the program: {step.failure}"
        outcome = "failed"
    elif "ole" in step.flags:
        outcome = "ole"
    elif "memory" in step.flags or ooms > 0 or (judges_rss(req) and memory_kb > req["memory_kb"]):
        # Before TLE: a program over its memory limit may also have run out of time, slowed down by
        # paging or killed late, but the memory verdict is the certain one.
        outcome = "mle"
    elif cpu_ms > req["time_ms"] or step.flags & {"wall", "cpu"} or header["signal"] == "SIGXCPU":
        outcome = "tle"
    elif header["signal"] == "SIGXFSZ":
        outcome = "ole"
    elif header["signal"] or header["exit_code"]:
        outcome = "rte"
    else:
        outcome = "ok"
    header["outcome"] = outcome
    header["nonce"] = req.get("nonce")
    return header


def handle_files(req: dict, stdin) -> None:
    wipe(BOX)
    for item in req["files"]:
        name = os.path.basename(item["name"])
        with open(os.path.join(BOX, name), "wb") as f:
            f.write(read_exact(stdin, item["size"]))


def ignore_signals() -> None:
    """Make the runner deaf to the submission's signals.

    Linux already spares PID 1 from signals it has no handler for, but Python handles SIGINT, and
    gVisor delivers default-action signals to PID 1 anyway. The spawner resets the dispositions
    before each program starts.
    """
    for sig in signal.valid_signals():
        if sig in (signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD):
            continue
        try:
            signal.signal(sig, signal.SIG_IGN)
        except (OSError, ValueError):
            pass


def main() -> None:
    make_undumpable()
    ignore_signals()
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    # Nothing of the submission may write to the channel back to the host.
    sys.stdout = sys.stderr
    artifacts: dict[str, tuple[int, bytes | None]] | None = None
    spawner = Spawner()
    spawner.ensure()
    send(stdout, {"ready": True, "pid": os.getpid()})
    while True:
        line = stdin.readline()
        if not line:
            return
        req = json.loads(line)
        if req["op"] == "files":
            handle_files(req, stdin)
            artifacts = None
            send(stdout, {"ok": True})
            continue
        data = read_exact(stdin, req["stdin_size"])
        if req["phase"] == "run":
            if artifacts is None:
                artifacts = snapshot(BOX)
            wipe(BOX)
            wipe(SCRATCH)
            restore(BOX, artifacts)
        header, out, err = execute(spawner, req, data)
        header["stdout_size"] = len(out)
        header["stderr_size"] = len(err)
        send(stdout, header, out, err)


if __name__ == "__main__":
    main()
