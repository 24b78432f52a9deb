"""The fork server: a Python interpreter started once per sandbox that forks each Python step.

Starting python3 costs about 10 ms of CPU, as much as a typical test of a Python submission; a
forked copy of an interpreter that has already started costs about 1 ms. The runner starts this
script (as `python3 -I -S -B forkserver.pyc`, with the environment of the steps it will serve) instead
of going through the spawner for languages that ask for it, and talks to it with the spawner's
protocol (see spawner.c): one SOCK_SEQPACKET datagram on fd 3 per request, carrying the step's
stdin, stdout and stderr as SCM_RIGHTS; replies "S <pid>", then "X <status> <utime_us> <stime_us>
<maxrss_kb>" once the step has been reaped.

Usually it is not started at all but forked, as a zygote, by a runner that has just started (see
fork_zygote in runner.py), and run with the argument --zygote: the same interpreter in the same
state, for less CPU. A zygote's first datagram is the environment of the steps it will serve.

A request's argv is the command line the step would have had without us: `python3 [-I] [-S] [-B]
(SCRIPT | -m MODULE | -c COMMAND) ARGS...`. The child takes what the spawner would have given it (its
own session, the fds, /box as working directory, the limits, the environment, an OOM score that makes
it the first victim), then runs its code as `__main__` exactly as the interpreter would: same flags,
same standard streams (fds 0 to 2 were pipes when this interpreter started, as they are for a step),
same exit status, tracebacks without our frames. Its memory high-water mark starts at this
interpreter's, which is what a fresh python3 reports too.

Like the spawner, this process holds a channel whose reports the runner believes, so it makes itself
non-dumpable first: a step of the same uid cannot open its /proc/<pid>/fd or memory. A step that
kills it loses its own run; the runner starts a new one for the next.

Nothing beyond what the interpreter loads anyway is imported before forking, so that every step
starts from the state of a fresh interpreter (no shared random state, no extra modules).
"""

import _socket
import atexit
import gc
import os
import resource
import sys

CHANNEL = 3
MAX_REQUEST = 256 * 1024
INTERPRETER_FLAGS = ("-I", "-S", "-B")


class Refused(Exception):
    pass


def make_undumpable():
    """prctl(PR_SET_DUMPABLE, 0) through ctypes' C core, as the runner does (ctypes costs ~2.5 ms),
    leaving no module behind for the steps."""
    import _ctypes

    class CLong(_ctypes._SimpleCData):
        _type_ = "l"

    class CFunction(_ctypes.CFuncPtr):
        _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_USE_ERRNO
        _restype_ = CLong

    prctl = CFunction(_ctypes.dlsym(_ctypes.dlopen(None, os.RTLD_NOW), "prctl"))
    if prctl(CLong(4), CLong(0), CLong(0), CLong(0), CLong(0)) != 0:  # PR_SET_DUMPABLE = 4
        raise OSError(_ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")
    del sys.modules["_ctypes"]


def parse(payload, ancillary):
    """(limits, argv, env, fds) of a request, as in spawner.c's parse()."""
    fds = []
    for level, kind, data in ancillary:
        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
            fds += memoryview(data).cast("i").tolist()
    if len(fds) != 3:
        for fd in fds:
            os.close(fd)
        raise Refused("malformed request")
    try:
        strings = [s.decode() for s in payload.split(b"\0")[:-1]]
        limits = [int(v) for v in strings[0].split()]
        argc = int(strings[1])
        if len(limits) != 6 or argc < 1 or argc + 2 > len(strings):
            raise ValueError
    except (ValueError, IndexError, UnicodeDecodeError):
        for fd in fds:
            os.close(fd)
        raise Refused("malformed request") from None
    argv = strings[2 : 2 + argc]
    env = dict(s.split("=", 1) for s in strings[2 + argc :] if "=" in s)
    return limits, argv, env, fds


def target(argv):
    """("script" | "module" | "command", name, arguments) of a python3 command line we can run."""
    if not argv or os.path.basename(argv[0]) != "python3":
        raise Refused(f"not a python3 command: {argv[:1]}")
    rest = argv[1:]
    while rest and rest[0] in INTERPRETER_FLAGS:
        rest = rest[1:]
    if len(rest) >= 2 and rest[0] in ("-m", "-c"):
        return {"-m": "module", "-c": "command"}[rest[0]], rest[1], rest[2:]
    if rest and not rest[0].startswith("-"):
        return "script", rest[0], rest[1:]
    raise Refused(f"unsupported python3 options: {rest[:1]}")


def set_limit(which, soft, hard):
    infinity = resource.RLIM_INFINITY
    try:
        resource.setrlimit(which, (infinity if soft < 0 else soft, infinity if hard < 0 else hard))
    except (ValueError, OSError):
        pass  # as in spawner.c: a limit the kernel refuses (gVisor has a few) stays as it was


def become_step(limits, argv, env, fds, channel):
    """In the child: what spawner.c's child() does before exec (and the command line it had)."""
    os.setsid()
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    for number, fd in enumerate(fds):
        os.dup2(fd, number)
    # The channel's object must not close a later fd of the program's that reuses its number.
    channel.detach()
    os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    os.chdir("/box")
    cpu_soft, cpu_hard, fsize, nofile, stack, nproc = limits
    set_limit(resource.RLIMIT_CPU, cpu_soft, cpu_hard)
    set_limit(resource.RLIMIT_CORE, 0, 0)
    set_limit(resource.RLIMIT_FSIZE, fsize, fsize)
    set_limit(resource.RLIMIT_NOFILE, nofile, nofile)
    set_limit(resource.RLIMIT_STACK, stack, stack)
    set_limit(resource.RLIMIT_MEMLOCK, 0, 0)
    set_limit(resource.RLIMIT_MSGQUEUE, 0, 0)
    if nproc >= 0:
        set_limit(resource.RLIMIT_NPROC, nproc, nproc)
    os.environ.clear()
    os.environ.update(env)
    sys.orig_argv = list(argv)


# Typical first lines of a submission; see warm_up().
WARM_UP = """
a, b = map(int, "1 2".split())
values = [a + b for _ in range(3)]
text = f"{values[0]} {len(values)}"
"""


def warm_up():
    """Compile and run a few lines once. An interpreter's first compile sets up state that every
    forked step would otherwise build again in pages of its own (about 0.8 ms a step). Nothing is
    imported and nothing is kept."""
    exec(compile(WARM_UP, "<warm-up>", "exec"), {"__builtins__": __builtins__})


def adopt(config):
    """A zygote's environment, as a fork server started for its steps would have had it: the
    runner's datagram of NUL-terminated NAME=value strings."""
    os.environ.clear()
    os.environ.update(item.decode().split("=", 1) for item in config.split(b"\0")[:-1])


def serve(zygote=False):
    """Answer requests until the runner closes the channel; returns only in a forked child, with
    what it is to run. A zygote (forked by the runner at start) first waits for its environment."""
    make_undumpable()
    warm_up()
    channel = _socket.socket(_socket.AF_UNIX, _socket.SOCK_SEQPACKET, 0, CHANNEL)
    if zygote:
        try:
            config = channel.recv(MAX_REQUEST)
        except OSError:
            sys.exit(0)
        if not config:
            sys.exit(0)
        adopt(config)
    while True:
        try:
            payload, ancillary, _, _ = channel.recvmsg(MAX_REQUEST, _socket.CMSG_SPACE(3 * 4))
        except OSError:
            sys.exit(0)
        if not payload:
            sys.exit(0)
        try:
            limits, argv, env, fds = parse(payload, ancillary)
        except Refused as exc:
            channel.send(f"E {exc}".encode())
            continue
        try:
            program = target(argv)
        except Refused as exc:
            for fd in fds:
                os.close(fd)
            channel.send(f"E {exc}".encode())
            continue
        # The interpreter's own objects go where the collector of a child never looks: walking them
        # would copy every page of the heap that the child shares with us.
        gc.freeze()
        try:
            pid = os.fork()
        except OSError as exc:
            for fd in fds:
                os.close(fd)
            channel.send(f"E fork: {exc.strerror}".encode())
            continue
        if pid == 0:
            try:
                become_step(limits, argv, env, fds, channel)
            except OSError as exc:
                os.write(2, f"cannot start {argv[0]}: {exc}\n".encode())
                os._exit(127)
            return program
        for fd in fds:
            os.close(fd)
        channel.send(f"S {pid}".encode())
        _, status, usage = os.wait4(pid, 0)
        utime, stime = round(usage.ru_utime * 1e6), round(usage.ru_stime * 1e6)
        channel.send(f"X {status} {utime} {stime} {usage.ru_maxrss}".encode())


def run(program):
    """Run the step's script or module as __main__ as `python3 SCRIPT` or `python3 -m MODULE` do, and
    exit the way the interpreter does (threads joined, exit handlers run, output flushed) without
    tearing it down: that would touch, and so copy, every page shared with the fork server."""
    try:
        execute(program)
    except SystemExit as exc:
        finish(exit_status(exc))
    finish(0)


def exit_status(exc):
    """What the interpreter makes of an uncaught SystemExit."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    print(exc.code, file=sys.stderr)
    return 1


def finish(status):
    try:
        if "threading" in sys.modules:
            sys.modules["threading"]._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as exc:
        status = exit_status(exc)
    try:
        sys.stdout.flush()
    except Exception:
        # The interpreter reports a failed flush of stdout this way, too.
        status = 120
    try:
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(status)


def execute(program):
    kind, name, arguments = program
    if kind == "module":
        import runpy

        sys.argv = ["-m", *arguments]
        try:
            runpy._run_module_as_main(name, alter_argv=True)
        except SystemExit:
            raise
        except BaseException as exc:
            report(exc)
        return
    main = type(sys)("__main__")
    main.__builtins__ = __builtins__
    if kind == "command":
        sys.argv = ["-c", *arguments]
        path, source = "<string>", name
    else:
        path = os.path.abspath(name)
        sys.argv = [name, *arguments]
        main.__file__ = path
        main.__cached__ = None
        try:
            with open(path, "rb") as f:
                source = f.read()
        except OSError as exc:
            print(f"python3: can't open file {path!r}: [Errno {exc.errno}] {exc.strerror}", file=sys.stderr)
            sys.exit(2)
    sys.modules["__main__"] = main
    try:
        code = compile(source, path, "exec")
    except (SyntaxError, ValueError) as exc:
        # As the interpreter reports a script it cannot compile: the error alone, no traceback.
        sys.excepthook(type(exc), exc, exc.with_traceback(None).__traceback__)
        sys.exit(1)
    try:
        exec(code, main.__dict__)
    except SystemExit:
        raise
    except BaseException as exc:
        report(exc)


def report(exc):
    """An uncaught exception: its traceback without this file's frames, and exit status 1."""
    tb = exc.__traceback__
    # (Compared with a code object's own name for this file: __file__ is the .pyc's when run from it.)
    while tb is not None and tb.tb_frame.f_code.co_filename == report.__code__.co_filename:
        tb = tb.tb_next
    # The interpreter prints the exception's own traceback, whatever the hook is given.
    sys.excepthook(type(exc), exc, exc.with_traceback(tb).__traceback__)
    sys.exit(1)


if __name__ == "__main__":
    run(serve(zygote=sys.argv[1:] == ["--zygote"]))
