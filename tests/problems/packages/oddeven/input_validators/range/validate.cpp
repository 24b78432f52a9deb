#include <iostream>
#include <string>
#include "bounds.h"
int main() {
    long long n, x;
    if (!(std::cin >> n) || n < 1 || n > MAX_N) return 43;
    for (long long i = 0; i < n; i++) {
        if (!(std::cin >> x) || x > MAX_ABS || x < -MAX_ABS) return 43;
    }
    std::string rest;
    if (std::cin >> rest) return 43;
    return 42;
}
