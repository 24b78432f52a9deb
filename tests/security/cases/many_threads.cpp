// Sixty spinning threads: bounded by the pids limit, ended by the time limit (gVisor counts their
// stacks as resident memory, so there it may be MLE first).
// expect: tle|mle
#include <thread>
#include <vector>
#include <cstdio>
int main() {
    std::vector<std::thread> threads;
    for (int i = 0; i < 60; i++) {
        try {
            threads.emplace_back([] { for (volatile long n = 0;; n++) {} });
        } catch (...) {
            std::printf("thread %d refused\n", i);
            break;
        }
    }
    for (volatile long n = 0;; n++) {}
}
