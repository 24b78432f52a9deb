"""The runner: lives inside every sandbox container and executes one submission's steps.

It is started by the container's init, talks to the host over its own stdin/stdout with framed
messages (a JSON header line, then the raw payload bytes it announces), and runs each step as a
child process with kernel limits. It uses only the standard library of the image's python3.

Frames, host -> runner:
  {"op": "files", "files": [{"name": str, "size": int}, ...]} + contents   (writes /box)
  {"op": "exec", "phase": "compile"|"run", "argv": [...], "env": {...}, "stdin_size": int,
   "time_ms": int, "wall_ms": int, "memory_kb": int, "output_bytes": int, "stack_kb": int|null} + stdin
Frames, runner -> host:
  {"ok": true} after files; after exec a result header followed by stdout then stderr bytes.

After a successful compile the runner keeps every file of /box in memory and, before each run,
empties /box and /tmp and writes those files back: nothing a run writes survives into the next.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import selectors
import shutil
import signal
import stat
import sys
import threading
import time

BOX = "/box"
SCRATCH = "/tmp"
STDERR_CAP = 64 * 1024
CHILD_PATH = "/usr/local/bin:/usr/bin:/bin"
MEMORY_CGROUP_FILES = ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control")


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

    def unlock(func, target, _exc):  # noqa: ANN001
        # A run may have removed write permission from its own directories.
        parent = os.path.dirname(target)
        os.chmod(parent, stat.S_IRWXU)
        if os.path.isdir(target) and not os.path.islink(target):
            os.chmod(target, stat.S_IRWXU)
            shutil.rmtree(target, onerror=unlock)
        else:
            os.unlink(target)

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


def kill_others() -> None:
    """Kill every process in the container except init and this runner, until none is left."""
    me = os.getpid()
    for _ in range(200):
        victims = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        # Reap what we can; orphans are reaped by init.
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        time.sleep(0.001)


def child_setup(req: dict) -> None:
    os.setsid()
    cpu_s = (req["time_ms"] + 999) // 1000 + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    fsize = max(req["output_bytes"], 16 * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    stack = req.get("stack_kb")
    stack_bytes = resource.RLIM_INFINITY if not stack else stack * 1024
    resource.setrlimit(resource.RLIMIT_STACK, (stack_bytes, stack_bytes))
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)


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


def execute(req: dict, stdin_data: bytes) -> tuple[dict, bytes, bytes]:
    stdin_r, stdin_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    env = {"PATH": CHILD_PATH, "HOME": SCRATCH, "TMPDIR": SCRATCH, "LANG": "C.UTF-8"}
    env.update(req.get("env") or {})
    oom_before = oom_kills()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(stdin_r, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            os.closerange(3, 1 << 16)
            os.chdir(BOX)
            child_setup(req)
            os.execvpe(req["argv"][0], req["argv"], env)
        except BaseException as exc:  # noqa: BLE001
            os.write(2, f"cannot start {req['argv'][0]}: {exc}\n".encode())
        os._exit(127)
    for fd in (stdin_r, out_w, err_w):
        os.close(fd)
    threading.Thread(target=feed, args=(stdin_w, stdin_data), daemon=True).start()
    stdout, stderr, flags = collect(pid, out_r, err_r, req, start)
    _, status, usage = os.wait4(pid, 0)
    wall_ms = int((time.monotonic() - start) * 1000)
    kill_others()
    header = classify(req, status, usage, wall_ms, flags, oom_kills() - oom_before)
    return header, stdout, stderr


def collect(pid: int, out_r: int, err_r: int, req: dict, start: float) -> tuple[bytes, bytes, set[str]]:
    """Read stdout and stderr with hard caps, killing the process group on overflow or wall timeout."""
    out_cap = req["output_bytes"]
    buffers = {out_r: bytearray(), err_r: bytearray()}
    flags: set[str] = set()
    sel = selectors.DefaultSelector()
    sel.register(out_r, selectors.EVENT_READ)
    sel.register(err_r, selectors.EVENT_READ)
    deadline = start + req["wall_ms"] / 1000
    open_fds = 2
    while open_fds:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            flags.add("wall")
            break
        for key, _ in sel.select(timeout=remaining):
            chunk = os.read(key.fd, 1 << 16)
            if not chunk:
                sel.unregister(key.fd)
                open_fds -= 1
                continue
            buf = buffers[key.fd]
            cap = out_cap if key.fd == out_r else STDERR_CAP
            if len(buf) + len(chunk) > cap:
                buf.extend(chunk[: max(0, cap - len(buf))])
                if key.fd == out_r:
                    flags.add("ole")
                    break
            else:
                buf.extend(chunk)
        if "ole" in flags:
            break
    if flags:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    sel.close()
    os.close(out_r)
    os.close(err_r)
    return bytes(buffers[out_r]), bytes(buffers[err_r]), flags


def classify(req: dict, status: int, usage: resource.struct_rusage, wall_ms: int, flags: set[str], ooms: int) -> dict:
    cpu_ms = int((usage.ru_utime + usage.ru_stime) * 1000)
    memory_kb = int(usage.ru_maxrss)
    header: dict = {"time_ms": cpu_ms, "wall_ms": wall_ms, "memory_kb": memory_kb, "exit_code": None, "signal": None}
    if os.WIFSIGNALED(status):
        header["signal"] = signal.Signals(os.WTERMSIG(status)).name
    else:
        header["exit_code"] = os.WEXITSTATUS(status)
    if "ole" in flags:
        outcome = "ole"
    elif cpu_ms > req["time_ms"] or "wall" in flags or header["signal"] == "SIGXCPU":
        outcome = "tle"
    elif ooms > 0 or memory_kb > req["memory_kb"]:
        outcome = "mle"
    elif header["signal"] == "SIGXFSZ":
        outcome = "ole"
    elif header["signal"] or header["exit_code"]:
        outcome = "rte"
    else:
        outcome = "ok"
    header["outcome"] = outcome
    return header


def handle_files(req: dict, stdin) -> None:  # noqa: ANN001
    wipe(BOX)
    for item in req["files"]:
        name = os.path.basename(item["name"])
        with open(os.path.join(BOX, name), "wb") as f:
            f.write(read_exact(stdin, item["size"]))


def main() -> None:
    make_undumpable()
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    # Nothing of the submission may write to the channel back to the host.
    sys.stdout = sys.stderr
    artifacts: dict[str, tuple[int, bytes | None]] | None = None
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
        header, out, err = execute(req, data)
        header["stdout_size"] = len(out)
        header["stderr_size"] = len(err)
        send(stdout, header, out, err)


if __name__ == "__main__":
    main()
