from sandbox.languages.base import Language

LANGUAGE = Language(
    key="lua",
    name="Lua 5.4",
    image="scripting",
    source_name="main.lua",
    extensions=(".lua",),
    compile=("luac5.4", "-p", "main.lua"),
    run=("lua5.4", "main.lua"),
    version=("lua5.4", "-v"),
    self_test='local a, b = io.read("n", "n")\nprint(a + b)\n',
)
