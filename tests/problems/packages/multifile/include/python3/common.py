"""Added to every Python submission by the package's include/python3/ directory."""


def read_pair():
    a, b = map(int, input().split())
    return a, b
