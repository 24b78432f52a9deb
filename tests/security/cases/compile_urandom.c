// Include an endless device at compile time: a compile error or a compile time-out, within limits.
// compile: error
#include "/dev/urandom"
int main(void) { return 0; }
