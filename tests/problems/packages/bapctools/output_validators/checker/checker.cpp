#include "validation.h"
#include <fstream>
int main(int argc, char **argv) { std::ifstream ans(argv[2]); return same_number(ans) ? 42 : 43; }
