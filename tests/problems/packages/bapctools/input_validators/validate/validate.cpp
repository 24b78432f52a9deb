#include "validation.h"
int main(int argc, char **argv) { return valid_pair() ? 42 : 43; }
