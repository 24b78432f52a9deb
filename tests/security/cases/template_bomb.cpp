// Exponential template instantiation: the compiler gives up at its depth limit (or times out).
// compile: error
template <int N> struct Bomb {
    typedef typename Bomb<N + 1>::type a;
    typedef typename Bomb<N + 2>::type type;
};
int main() { Bomb<0>::type x; (void)x; }
