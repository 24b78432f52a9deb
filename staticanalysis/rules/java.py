"""Java rules (tree-sitter queries)."""

from __future__ import annotations

from functools import partial

from staticanalysis.model import Rule, Severity
from staticanalysis.rules.common import language_rule, treesitter_literal_rules, ts_string

LANGUAGES = ("java",)


def names(*identifiers: str) -> str:
    """Types or identifiers spelled exactly like one of ``identifiers``."""
    any_of = " ".join(ts_string(name) for name in identifiers)
    return f"([(type_identifier) (identifier)] @hit (#any-of? @hit {any_of}))"


def methods(*identifiers: str) -> str:
    any_of = " ".join(ts_string(name) for name in identifiers)
    return f"((method_invocation name: (identifier) @hit) (#any-of? @hit {any_of}))"


def packages(regex: str) -> str:
    """Dotted names (imports, fully qualified references) starting with a package in ``regex``."""
    pattern = ts_string("^(" + regex + r")(\.|$)")
    return f"((scoped_identifier) @hit (#match? @hit {pattern}))"


def strings(regex: str) -> str:
    """String literals that are exactly a name matching ``regex`` (reflection targets)."""
    pattern = ts_string('^"(' + regex + ')"$')
    return f"((string_literal) @hit (#match? @hit {pattern}))"


def _program(body: str, head: str = "") -> str:
    return (
        f"{head}public class Main {{\n    public static void main(String[] args) throws Exception {{\n"
        f"        {body}\n    }}\n}}\n"
    )


_A_PLUS_B = _program(
    "java.util.Scanner in = new java.util.Scanner(System.in);\n"
    "        System.out.println(in.nextLong() + in.nextLong());"
)


_rule = partial(language_rule, LANGUAGES)


_NETWORK_TYPES = (
    "Socket",
    "ServerSocket",
    "DatagramSocket",
    "MulticastSocket",
    "SocketChannel",
    "ServerSocketChannel",
    "DatagramChannel",
    "AsynchronousSocketChannel",
    "URL",
    "URLConnection",
    "HttpURLConnection",
    "HttpsURLConnection",
    "HttpClient",
    "InetAddress",
    "InetSocketAddress",
)

_REFLECTION_METHODS = (
    "forName",
    "getDeclaredMethod",
    "getDeclaredMethods",
    "getDeclaredField",
    "getDeclaredFields",
    "getDeclaredConstructor",
    "setAccessible",
    "defineClass",
    "getSystemJavaCompiler",
)
_DYNAMIC_TYPES = (
    "ScriptEngineManager",
    "ScriptEngine",
    "JavaCompiler",
    "ToolProvider",
    "URLClassLoader",
    "MethodHandles",
)

RULES: tuple[Rule, ...] = (
    _rule(
        "java-process",
        Severity.BLOCK,
        "starts another program",
        methods("exec")
        + "\n"
        + names("ProcessBuilder", "ProcessHandle")
        # class names spelt out for reflection: Class.forName("java.lang.Runtime")
        + "\n"
        + strings(r"java\.lang\.(Runtime|ProcessBuilder|ProcessImpl|UNIXProcess|ProcessHandle)"),
        ("exec", "ProcessBuilder", "ProcessHandle", "Runtime", "ProcessImpl", "UNIXProcess"),
        bad=(
            _program('Runtime.getRuntime().exec("ls");'),
            _program('Class<?> c = Class.forName("java.lang.Runtime");'),
            _program('new ProcessBuilder("ls").start();'),
            _program("long pid = ProcessHandle.current().pid();"),
        ),
        good=(_A_PLUS_B, _program("java.util.concurrent.Executors.newFixedThreadPool(2).shutdown();")),
    ),
    _rule(
        "java-socket",
        Severity.BLOCK,
        "uses the network",
        names(*_NETWORK_TYPES)
        + "\n"
        + packages(r"java\.net|javax\.net|jdk\.net|java\.rmi")
        + "\n"
        + strings(r"(java|javax|jdk)\.net\..*"),
        (*_NETWORK_TYPES, "net", "rmi"),
        bad=(
            _program('java.net.Socket s = new java.net.Socket("localhost", 80);'),
            _program('Object s = Class.forName("java.net.Socket").getConstructor().newInstance();'),
            _program("", "import java.net.*;\n"),
            _program('URL u = new URL("http://x");', "import java.net.URL;\n"),
        ),
        good=(_A_PLUS_B, _program('String url = "x";\n        System.out.println(url);')),
    ),
    _rule(
        "java-native",
        Severity.BLOCK,
        "loads or declares native code",
        '((modifiers "native" @hit))\n'
        + '((method_invocation object: (identifier) @o name: (identifier) @hit) (#eq? @o "System")'
        + ' (#any-of? @hit "load" "loadLibrary"))\n'
        + methods("loadLibrary", "mapLibraryName")
        + "\n"
        + names("Linker", "SymbolLookup"),
        ("native", "load", "loadLibrary", "mapLibraryName", "Linker", "SymbolLookup"),
        bad=(
            "public class Main {\n    static native int f();\n"
            "    public static void main(String[] a) {}\n}\n",
            _program('System.loadLibrary("x");'),
            _program('System.load("/tmp/x.so");'),
            _program("var linker = java.lang.foreign.Linker.nativeLinker();"),
        ),
        good=(_A_PLUS_B, _program("int nativeCount = 0;\n        System.out.println(nativeCount);")),
    ),
    _rule(
        "java-unsafe",
        Severity.BLOCK,
        "uses sun.misc.Unsafe or JDK internals",
        names("Unsafe", "theUnsafe")
        + "\n"
        + packages(r"sun\.misc|jdk\.internal")
        + '\n((string_literal) @hit (#match? @hit "\\\\btheUnsafe\\\\b"))',
        ("Unsafe", "theUnsafe", "misc", "internal"),
        bad=(
            _program("sun.misc.Unsafe u = null;"),
            _program("", "import jdk.internal.misc.VM;\n"),
            _program('var f = Class.forName("x").getDeclaredField("theUnsafe");'),
        ),
        good=(_A_PLUS_B, _program("boolean unsafeMove = false;\n        System.out.println(unsafeMove);")),
    ),
    _rule(
        "java-dynamic-code",
        Severity.WARN,
        "reflection, class loading or run-time compilation",
        methods(*_REFLECTION_METHODS)
        + "\n"
        + names(*_DYNAMIC_TYPES)
        + "\n"
        + packages(r"java\.lang\.reflect|java\.lang\.invoke|javax\.script|javax\.tools"),
        (*_REFLECTION_METHODS, *_DYNAMIC_TYPES, "reflect", "invoke", "script", "tools"),
        bad=(
            _program('Class<?> c = Class.forName("java.lang.Runtime");'),
            _program("", "import java.lang.reflect.Method;\n"),
            _program("var m = new javax.script.ScriptEngineManager();"),
        ),
        good=(_A_PLUS_B, _program("int[] a = new int[3];\n        java.util.Arrays.sort(a);")),
    ),
    _rule(
        "java-signal",
        Severity.WARN,
        "installs signal handlers",
        names("Signal", "SignalHandler"),
        ("Signal", "SignalHandler"),
        bad=(_program('sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {});'),),
        good=(_A_PLUS_B,),
    ),
    *treesitter_literal_rules(
        "java",
        LANGUAGES,
        ("string_literal",),
        lambda text: f'class Main {{\n    static String p = "{text}";\n}}\n',
    ),
)
