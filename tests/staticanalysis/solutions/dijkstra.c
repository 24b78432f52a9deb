#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#define MAXN 200005
#define MAXM 400005

static char buf[1 << 25];
static size_t buf_len, buf_pos;

/* Read the whole input at once: the usual fast-input idiom. */
static int next_int(void) {
    while (buf_pos < buf_len && (buf[buf_pos] < '0' || buf[buf_pos] > '9') && buf[buf_pos] != '-') buf_pos++;
    int sign = 1, x = 0;
    if (buf[buf_pos] == '-') { sign = -1; buf_pos++; }
    while (buf_pos < buf_len && buf[buf_pos] >= '0' && buf[buf_pos] <= '9') x = x * 10 + (buf[buf_pos++] - '0');
    return sign * x;
}

static int head[MAXN], nxt[MAXM], to[MAXM], weight[MAXM], edges;
static long long dist[MAXN];
static long long heap_key[MAXM];
static int heap_node[MAXM], heap_size;

static void add_edge(int u, int v, int w) {
    to[edges] = v; weight[edges] = w; nxt[edges] = head[u]; head[u] = edges++;
}

static void heap_push(long long key, int node) {
    int i = heap_size++;
    while (i > 0 && heap_key[(i - 1) / 2] > key) {
        heap_key[i] = heap_key[(i - 1) / 2];
        heap_node[i] = heap_node[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap_key[i] = key;
    heap_node[i] = node;
}

static void heap_pop(long long *key, int *node) {
    *key = heap_key[0];
    *node = heap_node[0];
    long long last_key = heap_key[--heap_size];
    int last_node = heap_node[heap_size], i = 0;
    while (2 * i + 1 < heap_size) {
        int c = 2 * i + 1;
        if (c + 1 < heap_size && heap_key[c + 1] < heap_key[c]) c++;
        if (heap_key[c] >= last_key) break;
        heap_key[i] = heap_key[c];
        heap_node[i] = heap_node[c];
        i = c;
    }
    heap_key[i] = last_key;
    heap_node[i] = last_node;
}

static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

int main(void) {
    buf_len = fread(buf, 1, sizeof buf, stdin);
    int n = next_int(), m = next_int();
    memset(head, -1, sizeof head);
    for (int i = 0; i < m; i++) {
        int u = next_int(), v = next_int(), w = next_int();
        add_edge(u, v, w);
        add_edge(v, u, w);
    }
    for (int i = 1; i <= n; i++) dist[i] = LLONG_MAX;
    dist[1] = 0;
    heap_push(0, 1);
    while (heap_size > 0) {
        long long d;
        int u;
        heap_pop(&d, &u);
        if (d > dist[u]) continue;
        for (int e = head[u]; e != -1; e = nxt[e]) {
            if (d + weight[e] < dist[to[e]]) {
                dist[to[e]] = d + weight[e];
                heap_push(dist[to[e]], to[e]);
            }
        }
    }
    long long *sorted = malloc(sizeof(long long) * (size_t)n);
    for (int i = 0; i < n; i++) sorted[i] = dist[i + 1];
    qsort(sorted, (size_t)n, sizeof(long long), cmp_ll);
    for (int i = 1; i <= n; i++) printf("%lld%c", dist[i] == LLONG_MAX ? -1 : dist[i], i == n ? '\n' : ' ');
    free(sorted);
    return 0;
}
