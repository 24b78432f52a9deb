from sandbox.languages.base import Language

LANGUAGE = Language(
    key="rust",
    name="Rust",
    image="native",
    source_name="main.rs",
    extensions=(".rs",),
    compile=(
        "rustc",
        "--edition=2021",
        "-C",
        "opt-level=2",
        "-C",
        "codegen-units=1",
        "-o",
        "main",
        "main.rs",
    ),
    run=("./main",),
    version=("rustc", "--version"),
    self_test=(
        "use std::io::Read;\n\n"
        "fn main() {\n"
        "    let mut s = String::new();\n"
        "    std::io::stdin().read_to_string(&mut s).unwrap();\n"
        "    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n"
        '    println!("{}", v[0] + v[1]);\n'
        "}\n"
    ),
)
