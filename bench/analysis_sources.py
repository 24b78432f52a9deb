"""The templates bench/staticanalysis.py builds its ~64 KiB sources from, one per language."""

from __future__ import annotations

# Each language: (header, function template with {i}, footer). Templates are ordinary
# competitive-programming code: graphs, DP, data structures and fast input handling.
PY_HEADER = """import sys
import heapq
from bisect import bisect_left
from collections import defaultdict, deque

input = sys.stdin.readline
INF = float("inf")
sys.setrecursionlimit(1 << 20)
"""
PY_FUNCTION = """

def dijkstra_{i}(n, adj, src):
    dist = [INF] * n
    dist[src] = 0
    heap = [(0, src)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            nd = d + w
            if nd < dist[v]:
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    return [x if x < INF else -1 for x in dist]


def knapsack_{i}(weights, values, cap):
    dp = [0] * (cap + 1)
    for w, v in zip(weights, values):
        for c in range(cap, w - 1, -1):
            if dp[c - w] + v > dp[c]:
                dp[c] = dp[c - w] + v
    return dp[cap]


def lis_{i}(a):
    tails = []
    for x in a:
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)


def bfs_{i}(n, edges, start):
    graph = defaultdict(list)
    for u, v in edges:
        graph[u].append(v)
        graph[v].append(u)
    seen = [False] * n
    order = []
    queue = deque([start])
    seen[start] = True
    while queue:
        u = queue.popleft()
        order.append(u)
        for v in sorted(graph[u]):
            if not seen[v]:
                seen[v] = True
                queue.append(v)
    return " ".join(map(str, order))
"""
PY_FOOTER = """

def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    values = list(map(int, data[1 : n + 1]))
    print(lis_0(values), knapsack_0(values, values, 100))


if __name__ == "__main__":
    main()
"""

C_HEADER = """#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 200005
typedef long long ll;

static int read_int(void) {
    int c = getchar_unlocked(), sign = 1, x = 0;
    while (c != '-' && (c < '0' || c > '9')) c = getchar_unlocked();
    if (c == '-') { sign = -1; c = getchar_unlocked(); }
    while (c >= '0' && c <= '9') { x = x * 10 + (c - '0'); c = getchar_unlocked(); }
    return x * sign;
}
"""
C_FUNCTION = """
static ll knapsack_{i}(int n, const int *w, const ll *v, int cap) {
    ll *dp = calloc((size_t)cap + 1, sizeof(ll));
    for (int i = 0; i < n; i++)
        for (int c = cap; c >= w[i]; c--)
            if (dp[c - w[i]] + v[i] > dp[c]) dp[c] = dp[c - w[i]] + v[i];
    ll best = dp[cap];
    free(dp);
    return best;
}

static int lis_{i}(int n, const int *a) {
    int *tails = malloc(sizeof(int) * (size_t)(n + 1)), len = 0;
    for (int i = 0; i < n; i++) {
        int lo = 0, hi = len;
        while (lo < hi) { int mid = (lo + hi) / 2; if (tails[mid] < a[i]) lo = mid + 1; else hi = mid; }
        tails[lo] = a[i];
        if (lo == len) len++;
    }
    free(tails);
    return len;
}

static ll fenwick_sum_{i}(const ll *tree, int i) {
    ll s = 0;
    for (; i > 0; i -= i & -i) s += tree[i];
    return s;
}

static void fenwick_add_{i}(ll *tree, int n, int i, ll delta) {
    for (; i <= n; i += i & -i) tree[i] += delta;
}

static int cmp_ll_{i}(const void *a, const void *b) {
    ll x = *(const ll *)a, y = *(const ll *)b;
    return (x > y) - (x < y);
}
"""
C_FOOTER = """
int main(void) {
    int n = read_int();
    int *a = malloc(sizeof(int) * (size_t)n);
    for (int i = 0; i < n; i++) a[i] = read_int();
    printf("%d\\n", lis_0(n, a));
    free(a);
    return 0;
}
"""

CPP_HEADER = """#include <bits/stdc++.h>
using namespace std;
using ll = long long;
const ll INF = LLONG_MAX / 4;
"""
CPP_FUNCTION = """
vector<ll> dijkstra_{i}(int n, const vector<vector<pair<int, ll>>>& adj, int src) {
    vector<ll> dist(n, INF);
    priority_queue<pair<ll, int>, vector<pair<ll, int>>, greater<>> pq;
    dist[src] = 0;
    pq.push({0, src});
    while (!pq.empty()) {
        auto [d, u] = pq.top();
        pq.pop();
        if (d > dist[u]) continue;
        for (auto [v, w] : adj[u]) {
            if (dist[u] + w < dist[v]) {
                dist[v] = dist[u] + w;
                pq.push({dist[v], v});
            }
        }
    }
    return dist;
}

ll knapsack_{i}(const vector<int>& w, const vector<ll>& v, int cap) {
    vector<ll> dp(cap + 1, 0);
    for (size_t i = 0; i < w.size(); ++i)
        for (int c = cap; c >= w[i]; --c) dp[c] = max(dp[c], dp[c - w[i]] + v[i]);
    return dp[cap];
}

struct SegTree{i} {
    int n;
    vector<ll> t;
    explicit SegTree{i}(int n) : n(n), t(2 * n, 0) {}
    void update(int p, ll value) {
        for (t[p += n] = value; p > 1; p >>= 1) t[p >> 1] = t[p] + t[p ^ 1];
    }
    ll query(int l, int r) const {
        ll res = 0;
        for (l += n, r += n; l < r; l >>= 1, r >>= 1) {
            if (l & 1) res += t[l++];
            if (r & 1) res += t[--r];
        }
        return res;
    }
};

int lis_{i}(const vector<int>& a) {
    vector<int> tails;
    for (int x : a) {
        auto it = lower_bound(tails.begin(), tails.end(), x);
        if (it == tails.end()) tails.push_back(x); else *it = x;
    }
    sort(tails.begin(), tails.end());
    return (int)tails.size();
}
"""
CPP_FOOTER = """
int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<int> a(n);
    for (auto& x : a) cin >> x;
    cout << lis_0(a) << '\\n';
    return 0;
}
"""

JAVA_HEADER = """import java.io.*;
import java.util.*;

public class Main {
    static final long INF = Long.MAX_VALUE / 4;

    static final class FastReader {
        private final DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));

        int nextInt() throws IOException {
            int ret = 0, b = in.read();
            while (b < '0') b = in.read();
            boolean neg = false;
            if (b == '-') { neg = true; b = in.read(); }
            while (b >= '0') { ret = ret * 10 + (b - '0'); b = in.read(); }
            return neg ? -ret : ret;
        }
    }
"""
JAVA_FUNCTION = """
    static long[] dijkstra{i}(int n, List<List<long[]>> adj, int src) {
        long[] dist = new long[n];
        Arrays.fill(dist, INF);
        dist[src] = 0;
        PriorityQueue<long[]> pq = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        pq.add(new long[] {0, src});
        while (!pq.isEmpty()) {
            long[] top = pq.poll();
            int u = (int) top[1];
            if (top[0] > dist[u]) continue;
            for (long[] e : adj.get(u)) {
                int v = (int) e[0];
                if (dist[u] + e[1] < dist[v]) {
                    dist[v] = dist[u] + e[1];
                    pq.add(new long[] {dist[v], v});
                }
            }
        }
        return dist;
    }

    static long knapsack{i}(int[] w, long[] v, int cap) {
        long[] dp = new long[cap + 1];
        for (int i = 0; i < w.length; i++)
            for (int c = cap; c >= w[i]; c--) dp[c] = Math.max(dp[c], dp[c - w[i]] + v[i]);
        return dp[cap];
    }

    static int lis{i}(int[] a) {
        int[] tails = new int[a.length];
        int len = 0;
        for (int x : a) {
            int pos = Arrays.binarySearch(tails, 0, len, x);
            if (pos < 0) pos = -pos - 1;
            tails[pos] = x;
            if (pos == len) len++;
        }
        return len;
    }
"""
JAVA_FOOTER = """
    public static void main(String[] args) throws IOException {
        FastReader in = new FastReader();
        int n = in.nextInt();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = in.nextInt();
        StringBuilder sb = new StringBuilder();
        sb.append(lis0(a)).append('\\n');
        System.out.print(sb);
    }
}
"""

JS_HEADER = """"use strict";
const data = require("fs").readFileSync(0, "utf8");
let pos = 0;
function nextInt() {
  while (data.charCodeAt(pos) < 45) pos++;
  let x = 0, neg = false;
  if (data[pos] === "-") { neg = true; pos++; }
  while (pos < data.length && data.charCodeAt(pos) >= 48) x = x * 10 + data.charCodeAt(pos++) - 48;
  return neg ? -x : x;
}
"""
JS_FUNCTION = """
function knapsack{i}(w, v, cap) {
  const dp = new Array(cap + 1).fill(0);
  for (let i = 0; i < w.length; i++) {
    for (let c = cap; c >= w[i]; c--) dp[c] = Math.max(dp[c], dp[c - w[i]] + v[i]);
  }
  return dp[cap];
}

function lis{i}(a) {
  const tails = [];
  for (const x of a) {
    let lo = 0, hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < x) lo = mid + 1; else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

function bfs{i}(n, adj, start) {
  const dist = new Array(n).fill(-1);
  const queue = [start];
  dist[start] = 0;
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head];
    for (const v of adj[u]) {
      if (dist[v] === -1) { dist[v] = dist[u] + 1; queue.push(v); }
    }
  }
  return dist.slice().sort((x, y) => x - y).join(" ");
}
"""
JS_FOOTER = """
const n = nextInt();
const a = [];
for (let i = 0; i < n; i++) a.push(nextInt());
console.log(String(lis0(a)));
"""

GO_HEADER = """package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

const inf = int64(1) << 60
"""
GO_FUNCTION = """
func knapsack{i}(w []int, v []int64, capacity int) int64 {
	dp := make([]int64, capacity+1)
	for i := range w {
		for c := capacity; c >= w[i]; c-- {
			if dp[c-w[i]]+v[i] > dp[c] {
				dp[c] = dp[c-w[i]] + v[i]
			}
		}
	}
	return dp[capacity]
}

func lis{i}(a []int) int {
	tails := []int{}
	for _, x := range a {
		k := sort.SearchInts(tails, x)
		if k == len(tails) {
			tails = append(tails, x)
		} else {
			tails[k] = x
		}
	}
	return len(tails)
}

func bfs{i}(n int, adj [][]int, start int) []int {
	dist := make([]int, n)
	for i := range dist {
		dist[i] = -1
	}
	dist[start] = 0
	queue := []int{start}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, v := range adj[u] {
			if dist[v] < 0 {
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
	}
	return dist
}
"""
GO_FOOTER = """
func main() {
	reader := bufio.NewReader(os.Stdin)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	var n int
	fmt.Fscan(reader, &n)
	a := make([]int, n)
	for i := range a {
		fmt.Fscan(reader, &a[i])
	}
	fmt.Fprintln(writer, lis0(a), inf)
}
"""

RUST_HEADER = """use std::collections::{BinaryHeap, VecDeque};
use std::cmp::Reverse;
use std::io::{self, BufWriter, Read, Write};

const INF: i64 = i64::MAX / 4;
"""
RUST_FUNCTION = """
fn dijkstra_{i}(n: usize, adj: &[Vec<(usize, i64)>], src: usize) -> Vec<i64> {
    let mut dist = vec![INF; n];
    let mut heap = BinaryHeap::new();
    dist[src] = 0;
    heap.push(Reverse((0i64, src)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if d > dist[u] {
            continue;
        }
        for &(v, w) in &adj[u] {
            if d + w < dist[v] {
                dist[v] = d + w;
                heap.push(Reverse((dist[v], v)));
            }
        }
    }
    dist
}

fn knapsack_{i}(w: &[usize], v: &[i64], cap: usize) -> i64 {
    let mut dp = vec![0i64; cap + 1];
    for i in 0..w.len() {
        for c in (w[i]..=cap).rev() {
            dp[c] = dp[c].max(dp[c - w[i]] + v[i]);
        }
    }
    dp[cap]
}

fn bfs_{i}(n: usize, adj: &[Vec<usize>], start: usize) -> Vec<i64> {
    let mut dist = vec![-1i64; n];
    let mut queue = VecDeque::new();
    dist[start] = 0;
    queue.push_back(start);
    while let Some(u) = queue.pop_front() {
        for &v in &adj[u] {
            if dist[v] < 0 {
                dist[v] = dist[u] + 1;
                queue.push_back(v);
            }
        }
    }
    dist
}
"""
RUST_FOOTER = """
fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut it = input.split_ascii_whitespace().map(|x| x.parse::<i64>().unwrap());
    let n = it.next().unwrap() as usize;
    let v: Vec<i64> = (0..n).map(|_| it.next().unwrap()).collect();
    let w: Vec<usize> = v.iter().map(|&x| x as usize % 100).collect();
    let out = io::stdout();
    let mut out = BufWriter::new(out.lock());
    writeln!(out, "{}", knapsack_0(&w, &v, 100)).unwrap();
}
"""

TEMPLATES: dict[str, tuple[str, str, str]] = {
    "py3": (PY_HEADER, PY_FUNCTION, PY_FOOTER),
    "c": (C_HEADER, C_FUNCTION, C_FOOTER),
    "cpp17": (CPP_HEADER, CPP_FUNCTION, CPP_FOOTER),
    "java": (JAVA_HEADER, JAVA_FUNCTION, JAVA_FOOTER),
    "js": (JS_HEADER, JS_FUNCTION, JS_FOOTER),
    "go": (GO_HEADER, GO_FUNCTION, GO_FOOTER),
    "rust": (RUST_HEADER, RUST_FUNCTION, RUST_FOOTER),
}
