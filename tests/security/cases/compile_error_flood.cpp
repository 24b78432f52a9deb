// Megabytes of diagnostics from a few lines: the compile output is cut at 64 KiB.
// compile: error
#define A x x x x x x x x x x x x x x x x
#define B A A A A A A A A A A A A A A A A
#define C B B B B B B B B B B B B B B B B
#define D C C C C C C C C C C C C C C C C
int main() { D; D; D; D; }
int f1() { return undefined_a + undefined_b; }
