// Interactor: tells the submission M, answers queries "? x" with <, > or =.
#include <cstdio>
#include <fstream>
#include "protocol.h"

int main(int argc, char **argv) {
    if (argc < 4) return 1;
    std::ifstream input(argv[1]);
    long long m, hidden;
    input >> m >> hidden;
    std::printf("%lld\n", m);
    std::fflush(stdout);
    for (int count = 0;; count++) {
        long long guess;
        if (std::scanf(" ? %lld", &guess) != 1)
            return finish(argv[3], WRONG, count == 0 ? "No operation sent" : "bad query");
        if (count >= MAX_QUERIES) return finish(argv[3], WRONG, "too many queries");
        if (guess == hidden) {
            std::printf("=\n");
            std::fflush(stdout);
            return finish(argv[3], RIGHT, "found");
        }
        std::printf(guess < hidden ? "<\n" : ">\n");
        std::fflush(stdout);
    }
}
