// Fork bomb in C: bounded by the pids limit, ended by the time limit; nothing survives.
// expect: tle|rte
#include <unistd.h>
int main(void) {
    for (;;)
        fork();
}
