import heapq
import sys
import threading

input = sys.stdin.readline
sys.setrecursionlimit(1 << 25)
threading.stack_size(1 << 27)
INF = float("inf")


def dijkstra(n, adj, src):
    dist = [INF] * (n + 1)
    dist[src] = 0
    heap = [(0, src)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            if d + w < dist[v]:
                dist[v] = d + w
                heapq.heappush(heap, (dist[v], v))
    return dist


def dfs_order(u, parent, adj, order):
    order.append(u)
    for v, _ in sorted(adj[u]):
        if v != parent:
            dfs_order(v, u, adj, order)


def main():
    n, m = map(int, input().split())
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for _ in range(m):
        u, v, w = map(int, input().split())
        adj[u].append((v, w))
        adj[v].append((u, w))
    dist = dijkstra(n, adj, 1)
    order: list[int] = []
    dfs_order(1, 0, adj, order)
    sys.stdout.write(" ".join(str(d) if d < INF else "-1" for d in dist[1:]) + "\n")
    print(*order)


threading.Thread(target=main).start()
