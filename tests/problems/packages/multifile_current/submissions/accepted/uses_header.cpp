#include <iostream>
#include "sum.h"  // from include/cpp/
int main() { long long a, b; std::cin >> a >> b; std::cout << add(a, b) << "\n"; }
