// A Kattis output validator of two files: the comparison lives in compare.h.
#include <fstream>
#include <iostream>
#include "compare.h"

int main(int argc, char **argv) {
    if (argc < 4) return 1;
    std::ifstream answer(argv[2]);
    long long expected = 0, got = 0;
    answer >> expected;
    if (!(std::cin >> got)) return reject(argv[3], "no number");
    if (!same(expected, got)) return reject(argv[3], "wrong sum");
    std::string extra;
    if (std::cin >> extra) return reject(argv[3], "trailing output");
    return 42;
}
