package main

import (
	"bufio"
	"container/heap"
	"math"
	"os"
	"sort"
	"strconv"
)

type item struct {
	node int
	dist int64
}

type priorityQueue []item

func (pq priorityQueue) Len() int            { return len(pq) }
func (pq priorityQueue) Less(i, j int) bool  { return pq[i].dist < pq[j].dist }
func (pq priorityQueue) Swap(i, j int)       { pq[i], pq[j] = pq[j], pq[i] }
func (pq *priorityQueue) Push(x interface{}) { *pq = append(*pq, x.(item)) }
func (pq *priorityQueue) Pop() interface{} {
	old := *pq
	it := old[len(old)-1]
	*pq = old[:len(old)-1]
	return it
}

type edge struct {
	to     int
	weight int64
}

func main() {
	reader := bufio.NewReaderSize(os.Stdin, 1<<20)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	readInt := func() int {
		n, c := 0, byte(0)
		for c, _ = reader.ReadByte(); c == ' ' || c == '\n' || c == '\r'; c, _ = reader.ReadByte() {
		}
		for ; c >= '0' && c <= '9'; c, _ = reader.ReadByte() {
			n = n*10 + int(c-'0')
		}
		return n
	}
	n, m := readInt(), readInt()
	adj := make([][]edge, n+1)
	for i := 0; i < m; i++ {
		u, v, w := readInt(), readInt(), int64(readInt())
		adj[u] = append(adj[u], edge{v, w})
		adj[v] = append(adj[v], edge{u, w})
	}
	dist := make([]int64, n+1)
	for i := range dist {
		dist[i] = math.MaxInt64
	}
	dist[1] = 0
	pq := &priorityQueue{{1, 0}}
	for pq.Len() > 0 {
		cur := heap.Pop(pq).(item)
		if cur.dist > dist[cur.node] {
			continue
		}
		for _, e := range adj[cur.node] {
			if cur.dist+e.weight < dist[e.to] {
				dist[e.to] = cur.dist + e.weight
				heap.Push(pq, item{e.to, dist[e.to]})
			}
		}
	}
	sorted := append([]int64(nil), dist[1:]...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	for i := 1; i <= n; i++ {
		if dist[i] == math.MaxInt64 {
			writer.WriteString("-1")
		} else {
			writer.WriteString(strconv.FormatInt(dist[i], 10))
		}
		writer.WriteByte(' ')
	}
	writer.WriteByte('\n')
}
