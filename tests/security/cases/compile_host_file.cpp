// Include files that exist on the host but must not be in the sandbox; the compiler only sees the image.
// compile: error
// compile-output-lacks: DJANGO SECRET_KEY rce-judge
#include "/work/main/config/settings.py"
#include "/work/main/pyproject.toml"
int main() {}
