from dataclasses import replace

from sandbox.languages.cpp17 import LANGUAGE as CPP17

LANGUAGE = replace(
    CPP17,
    key="cpp20",
    name="C++20",
    # The extension belongs to C++17; C++20 is chosen explicitly.
    extensions=(),
    compile_all=True,
    compile=("g++", "-std=gnu++20", "-O2", "-pipe", "-o", "main", "main.cpp"),
)
