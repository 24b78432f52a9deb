// Unbounded recursion: a segmentation fault, reported as a run-time error (or MLE for a huge stack).
// expect: rte|mle
#include <stdio.h>
int depth(int n) {
    volatile char pad[1024];
    pad[0] = (char)n;
    return depth(n + 1) + pad[0];
}
int main(void) {
    printf("%d\n", depth(0));
}
