#pragma once
#include <fstream>
#include <string>

inline bool same(long long expected, long long got) { return expected == got; }

inline int reject(const char *feedback_dir, const char *why) {
    std::ofstream(std::string(feedback_dir) + "judgemessage.txt") << why;
    return 43;
}
