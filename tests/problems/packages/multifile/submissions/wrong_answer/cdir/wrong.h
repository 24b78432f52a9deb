#define SUB(a, b) ((a) - (b))
