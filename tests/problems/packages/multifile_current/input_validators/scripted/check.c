#include <stdio.h>
int main(void) { long long a, b; char end; if (scanf("%lld %lld%c", &a, &b, &end) != 3 || end != '\n') return 43; return a >= 0 && b >= 0 ? 42 : 43; }
