from sandbox.languages.base import SCRATCH, Language

LANGUAGE = Language(
    key="go",
    name="Go",
    image="native",
    source_name="main.go",
    extensions=(".go",),
    compile_all=True,
    compile=("go", "build", "-o", "main", "main.go"),
    run=("./main",),
    version=("go", "version"),
    self_test=(
        "package main\n\n"
        'import "fmt"\n\n'
        "func main() {\n"
        "\tvar a, b int64\n"
        "\tfmt.Scan(&a, &b)\n"
        "\tfmt.Println(a + b)\n"
        "}\n"
    ),
    # The build cache lives in the writable scratch tmpfs (`go build` executes nothing from there, so
    # noexec is fine); GOPATH mode, no cgo, no module lookups; one scheduler thread, as a program gets
    # one CPU.
    env={
        "GOCACHE": f"{SCRATCH}/gocache",
        "GOPATH": f"{SCRATCH}/gopath",
        "GO111MODULE": "off",
        "CGO_ENABLED": "0",
        "GOMAXPROCS": "1",
    },
)
