use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, BufWriter, Read, Write};

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut it = input.split_ascii_whitespace().map(|x| x.parse::<usize>().unwrap());
    let (n, m) = (it.next().unwrap(), it.next().unwrap());
    let mut adj = vec![Vec::new(); n + 1];
    for _ in 0..m {
        let (u, v, w) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap() as u64);
        adj[u].push((v, w));
        adj[v].push((u, w));
    }
    let mut dist = vec![u64::MAX; n + 1];
    let mut heap = BinaryHeap::new();
    dist[1] = 0;
    heap.push(Reverse((0u64, 1usize)));
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
    let mut sorted = dist.clone();
    sorted.sort_unstable();
    let out = io::stdout();
    let mut out = BufWriter::new(out.lock());
    for d in &dist[1..] {
        let shown: i64 = if *d == u64::MAX { -1 } else { *d as i64 };
        write!(out, "{} ", shown).unwrap();
    }
    writeln!(out).unwrap();
}
