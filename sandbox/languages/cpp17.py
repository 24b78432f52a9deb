from sandbox.languages.base import Language

LANGUAGE = Language(
    key="cpp17",
    name="C++17",
    image="base",
    source_name="main.cpp",
    extensions=(".cpp", ".cc", ".cxx", ".c++", ".C"),
    compile_all=True,
    compile=("g++", "-std=gnu++17", "-O2", "-pipe", "-o", "main", "main.cpp"),
    run=("./main",),
    version=("g++", "--version"),
    self_test="#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}\n",
)
