// Unbounded output from C++: killed as OLE at the cap.
// expect: ole
// limits: output_bytes=1048576
#include <iostream>
int main() {
    std::ios::sync_with_stdio(false);
    for (;;)
        std::cout << "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
}
