#include <cstdio>
int main() {
    int n;
    double total = 0, x;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) { scanf("%lf", &x); total += x; }
    printf("%.12e\n", total / n);
}
