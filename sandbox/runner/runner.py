"""The runner: lives inside every sandbox container and executes one submission's steps.

It is the container's init (PID 1), talks to the host over its own stdin/stdout with framed
messages (a JSON header line, then the raw payload bytes it announces), and runs each step as a
child process with kernel limits. It uses only the standard library of the image's python3.

Frames, host -> runner:
  {"op": "files", "files": [{"name": str, "size": int}, ...]} + contents   (writes /box)
  {"op": "prepare", "forkserver": true, "env": {...}, "stack_kb": int|null}   (no reply: starts the
  fork server for steps with this environment and stack limit, so that it is ready when they come)
  {"op": "exec", "phase": "compile"|"run", "argv": [...], "env": {...}, "stdin_size": int,
   "time_ms": int, "wall_ms": int, "memory_kb": int, "output_bytes": int, "stack_kb": int|null,
   "nproc": int|null, "nonce": str,
   optional: "files": [{"name": str, "size": int}, ...], "collect": [str, ...], "collect_bytes": int,
   "stream": bool} + stdin + the contents of "files"
  While a streaming exec runs: {"op": "stdin", "size": int} + bytes for the program's stdin,
  {"op": "close"} to close it, {"op": "kill"} to stop the program. Arriving after the exec ended,
  they are read and dropped.
Frames, runner -> host:
  {"ok": true} after files; after exec a result header (echoing the request's "nonce") followed by
  stdout, stderr, then each collected file's bytes ("collected": [{"name": str, "size": int}, ...]).
  While a streaming exec runs: {"op": "stdout", "size": int, "nonce": str} + bytes as the program
  writes them, and {"op": "eof", "nonce": str} once its stdout has closed; the result header then
  has "stdout_size": 0.

Extra files of one exec ("files") are written to a fresh EXEC_FILES directory, read-only to the
program; with "collect" the program also gets a fresh, writable FEEDBACK directory, and afterwards
the runner returns the regular files of that directory named in "collect" (opened with O_NOFOLLOW,
at most "collect_bytes" each). The host only ever receives bytes. Both directories are removed
after the exec. This is how an output validator gets the test's input, answer and the team's output
(which is attacker-controlled data, so it never passes through a path on the host), and how its
feedback files come back.

Why PID 1 and not under an init such as tini: every process holding the host channel must be
non-dumpable, or a submission of the same uid could open /proc/<pid>/fd/1 and write a forged result
(or read the next test's input from fd 0). tini is dumpable and keeps the container's stdio open.
As PID 1 the runner also cannot be killed from inside (kill(-1, SIGKILL) spares init), and it reaps
the orphans a submission leaves.

After a successful compile the runner keeps every file of /box in memory and, before each run,
empties /box and /tmp and writes those files back: nothing a run writes survives into the next.

Steps are forked by a small static helper, the spawner (spawner.c), started once: a child forked from
this Python process would inherit its RSS high-water mark and report ~9 MB for an empty program.
Steps of Python programs (requests with "forkserver": true) are forked instead by a python3 started
once with the steps' environment (forkserver.py), which speaks the spawner's protocol: a test then
costs a fork rather than an interpreter start-up. Started with --zygote, the runner forks that fork
server from itself as it starts (fork_zygote), which costs less than starting one.
"""

from __future__ import annotations

# Every container starts this interpreter, so start-up is on the CPU bill of every submission: the C
# modules are used directly where the Python wrappers would import much more (json pulls in re,
# socket and signal pull in enum, selectors and shutil their own chains): ~13 ms of CPU less.
# These first ones the fork server imports too, so its zygote (below) inherits them imported.
import _ctypes
import _socket
import marshal
import os
import resource
import sys

# How the image starts the runner, and the runner the fork server: isolated, no site, no bytecode.
PYTHON_FLAGS = ("-I", "-S", "-B")
FORKSERVER_CODE = "/opt/rce/forkserver.pyc"


def fork_zygote() -> tuple[int, _socket.socket]:
    """Fork the fork server from this interpreter before it has done anything else: an interpreter
    that has just started is what python3 forkserver.pyc would be, and copying it costs less than
    starting another. Returns (pid, channel) here.

    The child gets what Spawner.ensure() gives a fork server it starts (stdin and stdout are pipes,
    its channel is fd 3, nothing else is open) and runs forkserver.pyc as __main__ in zygote mode:
    it waits for the environment of the steps it is to serve (Spawner.ensure sends it when the first
    step needs it) and exits when the runner closes the channel unused.
    """
    ours, theirs = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_SEQPACKET, 0)
    stdin_r, stdin_w = os.pipe()
    stdout_r, stdout_w = os.pipe()
    pid = os.fork()
    if pid:
        for fd in (stdin_r, stdin_w, stdout_r, stdout_w):
            os.close(fd)
        theirs.close()
        return pid, ours
    try:
        ours.detach()  # (its number is about to be reused)
        channel = theirs.detach()
        os.dup2(stdin_r, 0)
        os.dup2(stdout_w, 1)
        os.dup2(channel, 3)
        os.closerange(4, 1024)
        # What only the runner has imported so far (annotations' __future__ import runs too).
        sys.modules.pop("__future__", None)
        sys.argv = [FORKSERVER_CODE, "--zygote"]
        sys.orig_argv = ["/usr/bin/python3", *PYTHON_FLAGS, FORKSERVER_CODE]
        main = type(sys)("__main__")
        main.__file__ = FORKSERVER_CODE
        main.__cached__ = None  # type: ignore[attr-defined]
        main.__builtins__ = __builtins__  # type: ignore[attr-defined]
        sys.modules["__main__"] = main
        with open(FORKSERVER_CODE, "rb") as f:
            code = f.read()[16:]  # after the .pyc header
        exec(marshal.loads(code), main.__dict__)
    except SystemExit as exc:
        os._exit(0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        os._exit(1)
    os._exit(0)


# Forked first thing, before this interpreter has imported or done anything the fork server would
# not have, when the host asks for it (containers of languages whose steps go to a fork server).
ZYGOTES = [fork_zygote()] if __name__ == "__main__" and sys.argv[1:] == ["--zygote"] else []

import _json  # noqa: E402
import _signal  # type: ignore[import-not-found]  # noqa: E402
import _thread  # noqa: E402
import select  # noqa: E402
import stat  # noqa: E402
import time  # noqa: E402

# For the type checker only (mypy takes any name TYPE_CHECKING as true): importing typing would add
# to every container's start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO, NoReturn

    # A frame's header, as the host sends it (see sandbox/protocol.py) or as the runner answers.
    Request = dict[str, Any]

BOX = "/box"
SCRATCH = "/tmp"
STDERR_CAP = 64 * 1024
CHILD_PATH = "/usr/local/bin:/usr/bin:/bin"
MEMORY_CGROUP_FILES = ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control")
PIDS_CGROUP_FILES = ("/sys/fs/cgroup/pids.current", "/sys/fs/cgroup/pids/pids.current")
SPAWNER = ("/opt/rce/spawner",)
FORKSERVER = ("/usr/bin/python3", *PYTHON_FLAGS, FORKSERVER_CODE)
NOFILE = 256
# After the program is killed, how long its exit report may take to arrive.
REAP_GRACE_S = 2.0
# How often the program's CPU time is checked against its limit while it runs.
CPU_POLL_S = 0.02
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# An exec's extra files, and the directory whose named files go back to the host (both in /tmp).
EXEC_FILES = "/tmp/files"
FEEDBACK = "/tmp/feedback"
COLLECT_CAP = 1 << 20
STREAM_CHUNK = 1 << 16
# Input for a streaming program held here before the runner stops taking more from the host: the
# host then holds back too, as a pipe would.
INPUT_BACKLOG = 1 << 20
READ_CHUNK = 1 << 20


class _Decoding:
    """The settings the C JSON scanner reads from a json.JSONDecoder."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int

    @staticmethod
    def parse_constant(name: str) -> NoReturn:
        raise ValueError(f"not JSON: {name}")


def _refuse(value: object) -> NoReturn:
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


_scan = _json.make_scanner(_Decoding())  # type: ignore[arg-type]
# As json.dumps(value) with its defaults: ", " and ": " separators, ASCII only, NaN allowed.
_encode = _json.make_encoder(
    None, _refuse, _json.encode_basestring_ascii, None, ": ", ", ", False, False, True
)


def json_loads(text: str | bytes | bytearray) -> Any:
    """One JSON value, as json.loads reads it (NaN and Infinity aside: nobody sends them)."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode()
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("not a JSON document") from None
    if text[end:].strip(" \t\n\r"):
        raise ValueError("extra data after the JSON document")
    return value


def json_dumps(value: object) -> str:
    return "".join(_encode(value, 0))


# The canonical name of each signal, as signal.Signals gives it (the first in alphabetical order).
SIGNAL_NAMES: dict[int, str] = {}
for _name in sorted(dir(_signal), reverse=True):
    if _name.startswith("SIG") and not _name.startswith("SIG_") and isinstance(getattr(_signal, _name), int):
        SIGNAL_NAMES[getattr(_signal, _name)] = _name


def signal_name(number: int) -> str:
    return SIGNAL_NAMES.get(number, f"SIG{number}")


class Poller:
    """The little of a selector the reading loops need, over poll(2)."""

    READ = select.POLLIN
    WRITE = select.POLLOUT

    def __init__(self) -> None:
        self._poll = select.poll()
        self.fds: set[int] = set()

    def register(self, fd: int, events: int) -> None:
        self._poll.register(fd, events)
        self.fds.add(fd)

    def unregister(self, fd: int) -> None:
        self._poll.unregister(fd)
        self.fds.discard(fd)

    def select(self, timeout: float) -> list[int]:
        """The registered fds that are ready (or closed, or in error) within timeout seconds."""
        return [fd for fd, _ in self._poll.poll(max(0.0, timeout) * 1000)]


class Inbox:
    """The host channel's input: read from fd 0 with our own buffer, so that a streaming step can
    wait on it with a selector (a buffered file object would hide data already read)."""

    def __init__(self, fd: int = 0) -> None:
        self.fd = fd
        self.buf = bytearray()

    def fill(self) -> bool:
        chunk = os.read(self.fd, READ_CHUNK)
        if not chunk:
            return False
        self.buf += chunk
        return True

    def readline(self) -> bytes:
        while b"\n" not in self.buf:
            if not self.fill():
                return b""
        end = self.buf.index(b"\n") + 1
        line = bytes(self.buf[:end])
        del self.buf[:end]
        return line

    def read_exact(self, size: int) -> bytes:
        while len(self.buf) < size:
            if not self.fill():
                raise EOFError
        data = bytes(self.buf[:size])
        del self.buf[:size]
        return data

    def copy_to(self, fd: int | None, size: int) -> str:
        """Move `size` bytes into a file without holding them all (None drops them); returns why
        writing failed, or "". The bytes are consumed from the channel either way."""
        problem = ""
        while size > 0:
            if not self.buf and not self.fill():
                raise EOFError
            chunk = self.buf[:size]
            if fd is not None and not problem:
                try:
                    view = memoryview(chunk)
                    while view:
                        view = view[os.write(fd, view) :]
                except OSError as exc:
                    problem = exc.strerror or "write failed"
            del self.buf[: len(chunk)]
            size -= len(chunk)
        return problem

    def next_frame(self) -> tuple[Request, bytes] | None:
        """A complete stream frame (header, payload) already buffered, or None; never reads."""
        end = self.buf.find(b"\n")
        if end < 0:
            return None
        header = json_loads(bytes(self.buf[:end]))
        size = int(header.get("size") or 0)
        if len(self.buf) < end + 1 + size:
            return None
        payload = bytes(self.buf[end + 1 : end + 1 + size])
        del self.buf[: end + 1 + size]
        return header, payload


def send(out: BinaryIO, header: Request, *payloads: bytes) -> None:
    out.write(json_dumps(header).encode() + b"\n")
    for payload in payloads:
        out.write(payload)
    out.flush()


def make_undumpable() -> None:
    """prctl(PR_SET_DUMPABLE, 0), or fail: the runner must not run otherwise.

    A non-dumpable process cannot have its /proc/<pid>/fd or memory opened by processes of the same
    uid, so a submission cannot write forged results into the runner's pipe. The call goes through
    ctypes' C core: the ctypes package costs more to import than the rest of the runner's start.
    """

    class CLong(_ctypes._SimpleCData):  # type: ignore[type-arg]
        _type_ = "l"

    class CFunction(_ctypes.CFuncPtr):
        _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_USE_ERRNO
        _restype_ = CLong

    prctl = CFunction(_ctypes.dlsym(_ctypes.dlopen(None, os.RTLD_NOW), "prctl"))  # type: ignore[arg-type]
    if prctl(CLong(4), CLong(0), CLong(0), CLong(0), CLong(0)) != 0:  # PR_SET_DUMPABLE = 4
        raise OSError(_ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")


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
    """Empty a directory the submission could have filled (we are inside the sandbox here), whatever
    permissions a run left on it and on what it holds, and without ever following a link. Nothing
    of the submission runs any more when this is called.

    Walks by directory fds, one open at a time, and keeps only names: a run can nest directories
    deeper than both the recursion limit and PATH_MAX."""
    os.chmod(path, 0o755)
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    # Per level, the subdirectories still to remove; and the names of the directories we are in.
    pending = [empty_files(fd)]
    inside: list[str] = []
    try:
        while pending:
            if pending[-1]:
                name = pending[-1].pop()
                # A run may have taken read, write or search permission away from its directories.
                os.chmod(name, stat.S_IRWXU, dir_fd=fd)
                child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = child
                inside.append(name)
                pending.append(empty_files(fd))
                continue
            pending.pop()
            if inside:
                parent = os.open("..", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
                os.close(fd)
                fd = parent
                os.rmdir(inside.pop(), dir_fd=fd)
    finally:
        os.close(fd)


def empty_files(fd: int) -> list[str]:
    """Unlink everything in the directory but its subdirectories, whose names come back."""
    subdirectories = []
    with os.scandir(fd) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                subdirectories.append(entry.name)
            else:
                os.unlink(entry.name, dir_fd=fd)
    return subdirectories


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
    """Kill every process in the container except this runner and its helpers, until none is left."""
    reap_orphans()
    helpers = helper_processes()
    if nothing_else_runs(helpers):
        return
    spared = {1, os.getpid(), *(pid for pid, _ in helpers)}
    for _ in range(200):
        victims = [pid for pid in live_pids() if pid not in spared]
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, _signal.SIGKILL)
            except ProcessLookupError:
                pass
        reap_orphans()
        time.sleep(0.001)


def helper_processes() -> list[tuple[int, _socket.socket]]:
    """(pid, channel) of every helper this runner has started and not lost: the spawner and fork
    servers, and zygotes still waiting for their environment."""
    found = [(helper.pid, helper.sock) for helper in HELPERS.values() if helper.sock is not None]
    found += [helper.zygote for helper in HELPERS.values() if helper.zygote is not None]
    return found + ZYGOTES


def nothing_else_runs(helpers: list[tuple[int, _socket.socket]]) -> bool:
    """Whether the container holds no process but this runner and these helpers, told without
    reading /proc: its pids cgroup counts every task in it (threads and unreaped zombies included,
    and no process can leave it), so a count of one plus the helpers proves there is nothing else.
    A helper counts only while its channel shows no hang-up (nor anything unread): a dead one's pid
    could be reused. False whenever unsure (gVisor has no such file): the caller reads /proc."""
    if PIDS_CURRENT is None:
        return False
    poll = select.poll()
    for _, sock in helpers:
        poll.register(sock.fileno(), select.POLLIN)
    if poll.poll(0):
        return False
    try:
        return int(os.pread(PIDS_CURRENT, 32, 0)) == 1 + len(helpers)
    except (OSError, ValueError):
        return False


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


# The helpers, by what they serve: "spawner", and a fork server per (environment, stack limit).
# kill_others spares the live ones.
HELPERS: dict[object, Spawner] = {}


def stack_limit(req: Request) -> int:
    return req["stack_kb"] * 1024 if req.get("stack_kb") else -1


def helper_for(req: Request, env: dict[str, str]) -> Spawner:
    """The spawner, or for a forkserver request the fork server started with this step's environment
    and stack limit (both are fixed at interpreter start-up: the stdio encoding, the memory layout)."""
    if not req.get("forkserver"):
        return HELPERS["spawner"]
    key = (tuple(sorted(env.items())), stack_limit(req))
    if key not in HELPERS:
        HELPERS[key] = Spawner(FORKSERVER, env, stack_limit(req))
        if ZYGOTES and zygote_fits(req, env):
            HELPERS[key].zygote = ZYGOTES.pop()
    return HELPERS[key]


def zygote_fits(req: Request, env: dict[str, str]) -> bool:
    """Whether the zygote started as a fork server for these steps would have: with the locale
    they get (the stdio encoding) and their stack limit, unlimited, at exec (the memory layout; the
    host starts zygote containers with an unlimited stack)."""
    unlimited = resource.getrlimit(resource.RLIMIT_STACK)[0] == resource.RLIM_INFINITY
    same_locale = all(env.get(name) == os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG"))
    return unlimited and stack_limit(req) < 0 and same_locale


class SpawnerLost(Exception):
    """The spawner died: killed by the submission (it is the program's parent) or by the OOM killer."""


class SpawnFailed(Exception):
    """The spawner is alive but could not fork (the container is out of processes)."""


class Spawner:
    """Client side of spawner.c (or of forkserver.py, which speaks its protocol): one SOCK_SEQPACKET
    datagram per request and per reply. Started on first use, and again after it was lost."""

    def __init__(
        self, argv: tuple[str, ...] = SPAWNER, env: dict[str, str] | None = None, stack: int = -1
    ) -> None:
        self.argv = argv
        self.env = env or {"PATH": CHILD_PATH}
        # RLIMIT_STACK at start-up, which fixes the memory layout a forked step inherits.
        self.stack = stack
        self.sock: _socket.socket | None = None
        self.pid = 0
        # (pid, channel) of a fork server forked at start and waiting for its environment.
        self.zygote: tuple[int, _socket.socket] | None = None

    def ensure(self) -> _socket.socket:
        """The channel to the helper, started (or woken from a zygote) if it is not running."""
        if self.sock is not None:
            return self.sock
        if self.zygote is not None:
            (pid, sock), self.zygote = self.zygote, None
            config = b"".join(f"{key}={value}".encode() + b"\0" for key, value in self.env.items())
            try:
                sock.send(config)
            except OSError:
                sock.close()  # it died waiting (killed by a step): start one the usual way
            else:
                self.pid, self.sock = pid, sock
                return sock
        ours, theirs = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_SEQPACKET, 0)
        # Inheritable, in case dup2 onto fd 3 is a no-op that would leave close-on-exec set.
        os.set_inheritable(theirs.fileno(), True)
        # The helper must not hold the host channel (our stdin/stdout): it would keep it open. Its
        # stdin and stdout are pipes, as a step's are: a forked step keeps the stream objects that
        # python3 made for them at start-up.
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        actions = [
            (os.POSIX_SPAWN_DUP2, stdin_r, 0),
            (os.POSIX_SPAWN_DUP2, stdout_w, 1),
            (os.POSIX_SPAWN_DUP2, theirs.fileno(), 3),
        ]
        stack = resource.getrlimit(resource.RLIMIT_STACK)
        try:
            wanted = resource.RLIM_INFINITY if self.stack < 0 else self.stack
            resource.setrlimit(resource.RLIMIT_STACK, (min(wanted, stack[1]), stack[1]))
            self.pid = os.posix_spawn(self.argv[0], list(self.argv), self.env, file_actions=actions)
        except OSError as exc:
            # Out of processes, say: this step fails, and the next one tries again.
            ours.close()
            raise SpawnFailed(f"cannot start {self.argv[-1]}: {exc.strerror}") from exc
        finally:
            resource.setrlimit(resource.RLIMIT_STACK, stack)
            for fd in (stdin_r, stdin_w, stdout_r, stdout_w):
                os.close(fd)
            theirs.close()
        self.sock = ours
        return ours

    def discard(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        try:
            os.kill(self.pid, _signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def start(self, req: Request, env: dict[str, str], fds: tuple[int, int, int]) -> int:
        sock = self.ensure()
        cpu_s = (req["time_ms"] + 999) // 1000 + 1
        fsize = max(req["output_bytes"], 16 * 1024 * 1024)
        stack = stack_limit(req)
        nproc = req.get("nproc") or -1
        limits = f"{cpu_s} {cpu_s + 1} {fsize} {NOFILE} {stack} {nproc}"
        strings = [limits, str(len(req["argv"])), *req["argv"]]
        strings += [f"{key}={value}" for key, value in env.items()]
        payload = b"".join(s.encode() + b"\0" for s in strings)
        try:
            fd_bytes = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)
            rights = (_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fd_bytes)
            sock.sendmsg([payload], [rights])
            reply = sock.recv(256)
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
    _thread.start_new_thread(feed, (fd, data[written:]))


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

    def __init__(self, req: Request) -> None:
        self.req = req
        self.buffers: dict[int, bytearray] = {}
        self.flags: set[str] = set()
        self.exit: tuple[int, float, int] | None = None
        self.lost = False
        self.failure = ""
        self.pid = 0
        # Whether the program has exited and everything it left behind was killed since.
        self.cleaned = False
        # Stdout bytes sent to the host so far by a streaming step.
        self.forwarded = 0


class HostLink:
    """The host's end of a streaming step: frames come in through the Inbox, output goes out."""

    def __init__(self, inbox: Inbox, out: BinaryIO, nonce: str | None) -> None:
        self.inbox = inbox
        self.out = out
        self.nonce = nonce

    def emit(self, header: Request, payload: bytes = b"") -> None:
        header["nonce"] = self.nonce
        send(self.out, header, payload)


class Feeder:
    """A streaming program's stdin: bytes from the host, written without ever blocking the runner."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd
        self.pending = bytearray()
        self.closing = False
        os.set_blocking(fd, False)

    def add(self, data: bytes) -> None:
        if self.fd is not None:
            self.pending += data

    def write(self) -> None:
        if self.fd is None:
            return
        try:
            if self.pending:
                del self.pending[: os.write(self.fd, self.pending[:STREAM_CHUNK])]
        except BlockingIOError:
            return
        except OSError:
            # The program closed its input or is gone: what it did not read is lost, as with a pipe.
            self.pending.clear()
            self.close()
            return
        if self.closing and not self.pending:
            self.close()

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def execute(
    spawner: Spawner, req: Request, env: dict[str, str], stdin_data: bytes, host: HostLink | None = None
) -> tuple[Request, bytes, bytes]:
    stdin_r, stdin_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
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
    elif host is None:
        start_feeding(stdin_w, stdin_data)
        collect(spawner, step, out_r, err_r, start)
    else:
        feeder = Feeder(stdin_w)
        feeder.add(stdin_data)
        relay(spawner, step, host, feeder, out_r, err_r, start)
    wall_ms = int((time.monotonic() - start) * 1000)
    if not step.cleaned:
        kill_others()
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
    assert spawner.sock is not None  # started: the step is running
    channel = spawner.sock.fileno()
    sel = Poller()
    for fd in (out_r, err_r, channel):
        sel.register(fd, Poller.READ)
    deadline = start + step.req["wall_ms"] / 1000
    # Usage is checked every CPU_POLL_S, not at every read: a program that writes a lot would
    # otherwise cost two /proc reads per chunk (and most tests end before the first check).
    check_at = start + CPU_POLL_S
    while sel.fds and not step.flags:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            step.flags.add("wall")
            break
        for fd in sel.select(min(remaining, CPU_POLL_S)):
            if fd == channel:
                sel.unregister(fd)
                wait_report(spawner, step, block=False)
            elif not read_chunk(fd, step, caps[fd], fd == out_r):
                sel.unregister(fd)
        if step.exit is None and time.monotonic() >= check_at:
            check_usage(step)
            check_at = time.monotonic() + CPU_POLL_S
    end_step(spawner, step)
    os.close(out_r)
    os.close(err_r)


def relay(
    spawner: Spawner, step: Step, host: HostLink, feeder: Feeder, out_r: int, err_r: int, start: float
) -> None:
    """Run a streaming step: stdout goes to the host as it is written (capped like any output),
    stdin comes from the host's frames, and the host may close that input or stop the program.
    Limits are enforced as in `collect`; the program's pipes are closed on return."""
    step.buffers = {out_r: bytearray(), err_r: bytearray()}
    assert spawner.sock is not None  # started: the step is running
    channel = spawner.sock.fileno()
    running = {out_r, err_r, channel}
    sel = Poller()
    for fd in running:
        sel.register(fd, Poller.READ)
    listening = False
    deadline = start + step.req["wall_ms"] / 1000
    while running and not step.flags:
        # The feeder may close its fd below: it is only ever registered while a select waits.
        if feeder.fd is not None and feeder.fd in sel.fds:
            sel.unregister(feeder.fd)
        take_frames(host, feeder, step)
        if step.flags:
            break
        feeder.write()
        if feeder.pending and feeder.fd is not None:
            sel.register(feeder.fd, Poller.WRITE)
        if listening != (len(feeder.pending) < INPUT_BACKLOG):
            listening = not listening
            if listening:
                sel.register(host.inbox.fd, Poller.READ)
            else:
                sel.unregister(host.inbox.fd)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            step.flags.add("wall")
            break
        for fd in sel.select(min(remaining, CPU_POLL_S)):
            if fd == channel:
                running.discard(channel)
                sel.unregister(channel)
                wait_report(spawner, step, block=False)
            elif fd == out_r:
                if not forward_chunk(out_r, step, host):
                    running.discard(out_r)
                    sel.unregister(out_r)
            elif fd == err_r:
                if not read_chunk(err_r, step, STDERR_CAP, False):
                    running.discard(err_r)
                    sel.unregister(err_r)
            elif fd == host.inbox.fd and not host.inbox.fill():
                step.flags.add("stopped")  # the host is gone
        if step.exit is None:
            check_usage(step)
    end_step(spawner, step)
    feeder.close()
    os.close(out_r)
    os.close(err_r)


def take_frames(host: HostLink, feeder: Feeder, step: Step) -> None:
    while (frame := host.inbox.next_frame()) is not None:
        header, payload = frame
        op = header.get("op")
        if op == "stdin":
            feeder.add(payload)
        elif op == "close":
            feeder.closing = True
        elif op == "kill":
            step.flags.add("stopped")


def forward_chunk(fd: int, step: Step, host: HostLink) -> bool:
    """Send what the program wrote to the host; False at end of file. Overflow flags OLE."""
    chunk = os.read(fd, STREAM_CHUNK)
    if not chunk:
        host.emit({"op": "eof"})
        return False
    room = step.req["output_bytes"] - step.forwarded
    if len(chunk) > room:
        chunk = chunk[: max(0, room)]
        step.flags.add("ole")
    if chunk:
        host.emit({"op": "stdout", "size": len(chunk)}, chunk)
        step.forwarded += len(chunk)
    return True


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


def judges_rss(req: Request) -> bool:
    # A compiler is only held to the container's memory limit (an OOM kill): gVisor counts mapped
    # files generously, and a JVM-based compiler maps hundreds of MB of jars.
    return req.get("phase") != "compile"


def peak_rss_kb(pid: int) -> int:
    """The process's peak RSS, or its current RSS where there is no peak (gVisor has no VmHWM)."""
    fields: dict[bytes, int] = {}
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


def end_step(spawner: Spawner, step: Step) -> None:
    """After the reading loop: kill what a limit stopped, then wait for the spawner's report."""
    if step.flags:
        try:
            os.killpg(step.pid, _signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_others()
    if step.exit is None and not step.lost:
        wait_report(spawner, step, block=True)


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
    sock = spawner.sock
    assert sock is not None  # a report is only awaited from a helper that is running
    sock.settimeout(REAP_GRACE_S if block else None)
    try:
        reply = sock.recv(256)
    except OSError:
        reply = b""
    if not reply:
        step.lost = True
        spawner.discard()
    else:
        step.exit = spawner.parse_exit(reply)
    # Background processes would otherwise hold the pipes open until the wall deadline.
    kill_others()
    # Nothing of the program is left to start anything.
    step.cleaned = step.exit is not None


def classify(step: Step, wall_ms: int, ooms: int) -> Request:
    req = step.req
    status, cpu_s, memory_kb = step.exit if step.exit is not None else (_signal.SIGKILL, 0.0, 0)
    cpu_ms = int(cpu_s * 1000)
    header: Request = {"time_ms": cpu_ms, "wall_ms": wall_ms, "memory_kb": memory_kb}
    header.update(exit_code=None, signal=None)
    if os.WIFSIGNALED(status):
        header["signal"] = signal_name(os.WTERMSIG(status))
    else:
        header["exit_code"] = os.WEXITSTATUS(status)
    if step.lost:
        header["reason"] = "the program killed its supervisor"
    if "stopped" in step.flags:
        header["reason"] = "stopped by the host"
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


def step_env(req: Request) -> dict[str, str]:
    env = {"PATH": CHILD_PATH, "HOME": SCRATCH, "TMPDIR": SCRATCH, "LANG": "C.UTF-8"}
    env.update(req.get("env") or {})
    return env


def handle_files(req: Request, inbox: Inbox) -> None:
    wipe(BOX)
    for item in req["files"]:
        name = os.path.basename(item["name"])
        with open(os.path.join(BOX, name), "wb") as f:
            f.write(inbox.read_exact(item["size"]))


def plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and name not in (".", "..") and "\0" not in name


def remove_path(path: str) -> None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        wipe(path)
        os.rmdir(path)
    else:
        os.unlink(path)


def place_files(req: Request, inbox: Inbox) -> str:
    """Write an exec's extra files into a fresh EXEC_FILES and make a fresh FEEDBACK if files are to
    be collected; returns why that failed ("" if it did not). The payload is consumed either way."""
    problem = ""
    items = req.get("files") or []
    try:
        if items:
            remove_path(EXEC_FILES)
            os.mkdir(EXEC_FILES, 0o755)
        if req.get("collect"):
            remove_path(FEEDBACK)
            os.mkdir(FEEDBACK, 0o755)
    except OSError as exc:
        problem = f"cannot prepare the exec's directories: {exc.strerror}"
    for item in items:
        fd = None
        if not problem and plain_name(item["name"]):
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            try:
                fd = os.open(os.path.join(EXEC_FILES, item["name"]), flags, 0o444)
            except OSError as exc:
                problem = f"cannot write {item['name']}: {exc.strerror}"
        failure = inbox.copy_to(fd, item["size"])
        if fd is not None:
            os.close(fd)
        if failure and not problem:
            problem = f"cannot write {item['name']}: {failure}"
    if items and not problem:
        os.chmod(EXEC_FILES, 0o555)
    return problem


def collect_files(req: Request) -> list[tuple[str, bytes]]:
    """The regular files of FEEDBACK named in the request, each capped; links and the rest are
    ignored. Nothing of the program runs any more: `execute` killed whatever it left behind."""
    cap = max(0, min(int(req.get("collect_bytes") or COLLECT_CAP), COLLECT_CAP))
    try:
        if not stat.S_ISDIR(os.lstat(FEEDBACK).st_mode):
            return []
        os.chmod(FEEDBACK, 0o755)  # the program may have taken our permissions away
        dir_fd = os.open(FEEDBACK, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return []
    found = []
    try:
        for name in req.get("collect") or []:
            if plain_name(name):
                data = read_regular(dir_fd, name, cap)
                if data is not None:
                    found.append((name, data))
    finally:
        os.close(dir_fd)
    return found


def read_regular(dir_fd: int, name: str, cap: int) -> bytes | None:
    try:
        # O_NONBLOCK: opening a FIFO planted under that name must not hang the runner.
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        left = cap
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def clear_exec_dirs() -> None:
    for path in (EXEC_FILES, FEEDBACK):
        try:
            remove_path(path)
        except OSError:
            pass


def refused(req: Request, problem: str) -> Request:
    return {
        "time_ms": 0,
        "wall_ms": 0,
        "memory_kb": 0,
        "exit_code": None,
        "signal": None,
        "reason": problem,
        "outcome": "failed",
        "nonce": req.get("nonce"),
    }


def ignore_signals() -> None:
    """Make the runner deaf to the submission's signals.

    Linux already spares PID 1 from signals it has no handler for, but Python handles SIGINT, and
    gVisor delivers default-action signals to PID 1 anyway. The spawner resets the dispositions
    before each program starts.
    """
    for sig in _signal.valid_signals():
        if sig in (_signal.SIGKILL, _signal.SIGSTOP, _signal.SIGCHLD):
            continue
        try:
            _signal.signal(sig, _signal.SIG_IGN)
        except (OSError, ValueError):
            pass


def open_pids_current() -> int | None:
    """The container's count of tasks (see nothing_else_runs), kept open; None where there is none."""
    for path in PIDS_CGROUP_FILES:
        try:
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
    return None


PIDS_CURRENT: int | None = None


class Session:
    """What the runner keeps between requests: the host channel, and /box as compiled."""

    def __init__(self, inbox: Inbox, out: BinaryIO) -> None:
        self.inbox = inbox
        self.out = out
        # Every file of /box after a successful compile, restored before each run.
        self.artifacts: dict[str, tuple[int, bytes | None]] | None = None


def on_files(req: Request, session: Session) -> None:
    handle_files(req, session.inbox)
    session.artifacts = None
    send(session.out, {"ok": True})


def on_prepare(req: Request, session: Session) -> None:
    # Start the fork server the next steps will use now, while the host sends the sources.
    try:
        helper_for(req, step_env(req)).ensure()
    except SpawnFailed as exc:
        print(exc, file=sys.stderr)  # the first step will try again and report it


def on_late_stream_frame(req: Request, session: Session) -> None:
    # Sent while a streaming exec was ending: nobody is listening any more.
    session.inbox.copy_to(None, int(req.get("size") or 0))


def on_exec(req: Request, session: Session) -> None:
    data = session.inbox.read_exact(req["stdin_size"])
    if req["phase"] == "run":
        if session.artifacts is None:
            session.artifacts = snapshot(BOX)
        wipe(BOX)
        wipe(SCRATCH)
        restore(BOX, session.artifacts)
    problem = place_files(req, session.inbox)
    if problem:
        header, out, err = refused(req, problem), b"", b""
    else:
        host = HostLink(session.inbox, session.out, req.get("nonce")) if req.get("stream") else None
        env = step_env(req)
        header, out, err = execute(helper_for(req, env), req, env, data, host)
    collected = collect_files(req) if req.get("collect") else []
    if req.get("files") or req.get("collect"):
        clear_exec_dirs()
    header["stdout_size"] = len(out)
    header["stderr_size"] = len(err)
    header["collected"] = [{"name": name, "size": len(content)} for name, content in collected]
    send(session.out, header, out, err, *(content for _, content in collected))


# What each op of a host frame does; any other op is an exec (the host sends "exec").
HANDLERS = {
    "files": on_files,
    "prepare": on_prepare,
    "stdin": on_late_stream_frame,
    "close": on_late_stream_frame,
    "kill": on_late_stream_frame,
}


def main() -> None:
    global PIDS_CURRENT
    make_undumpable()
    PIDS_CURRENT = open_pids_current()
    ignore_signals()
    inbox = Inbox(sys.stdin.fileno())
    stdout = sys.stdout.buffer
    # Nothing of the submission may write to the channel back to the host.
    sys.stdout = sys.stderr
    # Started by the first step that needs it (Python steps go to a fork server instead).
    HELPERS["spawner"] = Spawner()
    send(stdout, {"ready": True, "pid": os.getpid()})
    session = Session(inbox, stdout)
    while True:
        line = inbox.readline()
        if not line:
            # The host hung up: the container is done. Exit now, without the interpreter's tear-down;
            # as PID 1 leaving, the kernel kills whatever else is left.
            os._exit(0)
        req = json_loads(line)
        HANDLERS.get(req["op"], on_exec)(req, session)


if __name__ == "__main__":
    main()
