from sandbox.languages.base import Language

LANGUAGE = Language(
    key="js",
    name="JavaScript (Node.js)",
    image="scripting",
    source_name="main.js",
    extensions=(".js",),
    compile=("node", "--check", "main.js"),
    # A deep recursion gets the same room as in compiled languages (the sandbox sets no stack rlimit).
    run=("node", "--max-old-space-size={memory_mb}", "--stack-size=65500", "--v8-pool-size=1", "main.js"),
    version=("node", "--version"),
    self_test=(
        "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);\n"
        "console.log((a + b).toString());\n"
    ),
    memory_allowance_kb=64 * 1024,
)
