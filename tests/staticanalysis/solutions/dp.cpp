#include <bits/stdc++.h>
using namespace std;

using ll = long long;
constexpr ll MOD = 998244353;

ll power(ll base, ll exp) {
    ll result = 1;
    base %= MOD;
    while (exp > 0) {
        if (exp & 1) result = result * base % MOD;
        base = base * base % MOD;
        exp >>= 1;
    }
    return result;
}

int main() {
    ios_base::sync_with_stdio(false);
    cin.tie(0);
    int n, capacity;
    cin >> n >> capacity;
    vector<int> weight(n), value(n);
    for (int i = 0; i < n; i++) cin >> weight[i] >> value[i];
    vector<ll> dp(capacity + 1, 0);
    for (int i = 0; i < n; i++)
        for (int c = capacity; c >= weight[i]; c--) dp[c] = max(dp[c], dp[c - weight[i]] + value[i]);
    function<ll(int)> fib = [&](int k) -> ll { return k < 2 ? k : (fib(k - 1) + fib(k - 2)) % MOD; };
    string s;
    getline(cin >> ws, s);
    reverse(s.begin(), s.end());
    cout << dp[capacity] << ' ' << power(2, n) << ' ' << fib(20) << ' ' << s << "\n";
    return 0;
}
