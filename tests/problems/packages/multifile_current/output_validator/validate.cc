#include <fstream>
#include <iostream>
#include "validate.h"
int main(int argc, char **argv) {
    std::ifstream answer(argv[2]);
    long long expected, got;
    answer >> expected;
    if (!(std::cin >> got) || got != expected) return WRONG;
    return RIGHT;
}
