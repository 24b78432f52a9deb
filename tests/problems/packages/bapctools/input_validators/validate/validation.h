#pragma once
#include <cstdio>
inline bool valid_pair() { long long a, b; char end; return std::scanf("%lld %lld%c", &a, &b, &end) == 3 && end == '\n' && a >= 0 && b >= 0; }
