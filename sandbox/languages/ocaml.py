from sandbox.languages.base import Language

LANGUAGE = Language(
    key="ocaml",
    name="OCaml",
    image="native",
    source_name="main.ml",
    extensions=(".ml",),
    compile=("ocamlopt", "-o", "main", "unix.cmxa", "str.cmxa", "main.ml"),
    run=("./main",),
    version=("ocamlopt", "-version"),
    self_test='let () = Scanf.scanf " %d %d" (fun a b -> Printf.printf "%d\\n" (a + b))\n',
)
