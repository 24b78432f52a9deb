#include <stdio.h>
#include "wrong.h"
int main(void) { long long a, b; if (scanf("%lld %lld", &a, &b) != 2) return 1; printf("%lld\n", SUB(a, b)); return 0; }
