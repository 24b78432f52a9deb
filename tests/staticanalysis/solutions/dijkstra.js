"use strict";

const input = require("fs").readFileSync("/dev/stdin", "utf8");
let pos = 0;
function nextInt() {
  while (pos < input.length && (input.charCodeAt(pos) < 48 || input.charCodeAt(pos) > 57)) pos++;
  let x = 0;
  while (pos < input.length && input.charCodeAt(pos) >= 48 && input.charCodeAt(pos) <= 57) {
    x = x * 10 + input.charCodeAt(pos++) - 48;
  }
  return x;
}

class MinHeap {
  constructor() {
    this.items = [];
  }
  push(item) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p][0] <= a[i][0]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= a.length) break;
        if (c + 1 < a.length && a[c + 1][0] < a[c][0]) c++;
        if (a[i][0] <= a[c][0]) break;
        [a[i], a[c]] = [a[c], a[i]];
        i = c;
      }
    }
    return top;
  }
  get size() {
    return this.items.length;
  }
}

const n = nextInt();
const m = nextInt();
const adj = Array.from({ length: n + 1 }, () => []);
for (let i = 0; i < m; i++) {
  const u = nextInt(), v = nextInt(), w = nextInt();
  adj[u].push([v, w]);
  adj[v].push([u, w]);
}
const dist = new Array(n + 1).fill(Infinity);
dist[1] = 0;
const heap = new MinHeap();
heap.push([0, 1]);
while (heap.size > 0) {
  const [d, u] = heap.pop();
  if (d > dist[u]) continue;
  for (const [v, w] of adj[u]) {
    if (d + w < dist[v]) {
      dist[v] = d + w;
      heap.push([dist[v], v]);
    }
  }
}
const memo = new Map();
const sorted = dist.slice(1).sort((x, y) => x - y);
memo.set("min", sorted[0]);
process.stdout.write(dist.slice(1).map((d) => (d === Infinity ? -1 : d)).join(" ") + "\n");
