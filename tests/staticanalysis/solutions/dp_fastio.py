import os
import resource
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from functools import cache
from itertools import accumulate

resource.setrlimit(resource.RLIMIT_STACK, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
MOD = 10**9 + 7


def read_all():
    # os.read on fd 0 is the classic fast-input idiom, and /dev/stdin is its cousin.
    if os.path.exists("/dev/stdin"):
        with open("/dev/stdin", "rb") as handle:
            return handle.read().split()
    return os.read(0, 1 << 25).split()


@cache
def ways(n):
    if n < 0:
        return 0
    if n == 0:
        return 1
    return (ways(n - 1) + ways(n - 2) + ways(n - 3)) % MOD


def lis(a):
    tails: list[int] = []
    for x in a:
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)


def knapsack(items, cap):
    dp = [0] * (cap + 1)
    for w, v in items:
        for c in range(cap, w - 1, -1):
            dp[c] = max(dp[c], dp[c - w] + v)
    return dp[cap]


def main():
    data = read_all()
    n = int(data[0])
    a = list(map(int, data[1 : n + 1]))
    prefix = list(accumulate(a, initial=0))
    counts = Counter(a)
    graph = defaultdict(list)
    queue = deque([0])
    graph[0].append(1)
    out = [
        f"lis={lis(a)}",
        f"ways={ways(min(n, 500))}",
        f"best={knapsack([(x % 7 + 1, x) for x in a], 50)}",
        f"sum={prefix[-1]} distinct={len(counts)} q={len(queue)}",
    ]
    a.sort(reverse=True)
    out.append(" ".join(map(str, sorted(a)[:10])))
    print("\n".join(out))


if __name__ == "__main__":
    main()
