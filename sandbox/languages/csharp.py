from sandbox.languages.base import Language

LANGUAGE = Language(
    key="csharp",
    name="C# (Mono)",
    image="mono",
    source_name="main.cs",
    extensions=(".cs",),
    compile_all=True,
    compile=("mcs", "-out:main.exe", "-optimize+", "-r:System.Numerics", "main.cs"),
    run=("mono", "main.exe"),
    version=("mcs", "--version"),
    self_test=(
        "using System;\n"
        "public static class Program {\n"
        "    public static void Main() {\n"
        "        var p = Console.ReadLine().Split(' ', StringSplitOptions.RemoveEmptyEntries);\n"
        "        Console.WriteLine(long.Parse(p[0]) + long.Parse(p[1]));\n"
        "    }\n"
        "}\n"
    ),
    memory_allowance_kb=32 * 1024,
)
