// malloc and touch 1 GiB page by page: OOM kill or maxrss over the limit, reported as MLE.
// expect: mle
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    size_t size = (size_t)1 << 30;
    char *p = malloc(size);
    if (!p) {
        puts("malloc failed");
        return 1;
    }
    for (size_t i = 0; i < size; i += 4096)
        p[i] = 1;
    puts("BREACH memory: touched 1 GiB");
    return 0;
}
