#pragma once
#include <iostream>
#include <fstream>
inline bool same_number(std::ifstream &answer) { long long want, got; answer >> want; return (std::cin >> got) && got == want; }
