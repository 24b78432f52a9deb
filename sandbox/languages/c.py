from sandbox.languages.base import Language

LANGUAGE = Language(
    key="c",
    name="C (gnu17)",
    image="base",
    source_name="main.c",
    extensions=(".c",),
    compile_all=True,
    compile=("gcc", "-std=gnu17", "-O2", "-pipe", "-o", "main", "main.c", "-lm"),
    run=("./main",),
    version=("gcc", "--version"),
    self_test=(
        '#include <stdio.h>\nint main(void){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);}\n'
    ),
)
