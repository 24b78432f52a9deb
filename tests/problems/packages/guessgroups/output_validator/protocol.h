#pragma once
#include <fstream>
#include <string>

const int RIGHT = 42, WRONG = 43, MAX_QUERIES = 32;

inline int finish(const char *feedback_dir, int code, const char *message) {
    std::ofstream(std::string(feedback_dir) + "judgemessage.txt") << message;
    return code;
}
