#pragma GCC optimize("O3,unroll-loops")
#include <bits/stdc++.h>
using namespace std;

#define all(x) (x).begin(), (x).end()
using ll = long long;
const ll INF = LLONG_MAX / 4;

mt19937_64 rng(chrono::steady_clock::now().time_since_epoch().count());

struct Edge {
    int to;
    ll w;
};

template <typename T>
void chmin(T& a, const T& b) {
    if (b < a) a = b;
}

vector<ll> dijkstra(int n, const vector<vector<Edge>>& adj, int src) {
    vector<ll> dist(n, INF);
    priority_queue<pair<ll, int>, vector<pair<ll, int>>, greater<>> pq;
    dist[src] = 0;
    pq.emplace(0, src);
    while (!pq.empty()) {
        auto [d, u] = pq.top();
        pq.pop();
        if (d != dist[u]) continue;
        for (const auto& [v, w] : adj[u]) {
            if (d + w < dist[v]) {
                dist[v] = d + w;
                pq.emplace(dist[v], v);
            }
        }
    }
    return dist;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<vector<Edge>> adj(n);
    for (int i = 0; i < m; ++i) {
        int u, v;
        ll w;
        cin >> u >> v >> w;
        --u, --v;
        adj[u].push_back({v, w});
        adj[v].push_back({u, w});
    }
    auto dist = dijkstra(n, adj, 0);
    vector<ll> sorted_dist = dist;
    sort(all(sorted_dist));
    ll best = INF;
    for (ll d : sorted_dist) chmin(best, d);
    int bits = __builtin_popcountll(static_cast<unsigned long long>(best));
    for (int i = 0; i < n; ++i) cout << (dist[i] == INF ? -1 : dist[i]) << " \n"[i + 1 == n];
    cerr << "debug: " << bits << ' ' << rng() % 2 << endl;
    return 0;
}
