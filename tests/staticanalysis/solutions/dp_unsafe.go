package main

import (
	"bufio"
	"fmt"
	"os"
	"unsafe"
)

// The unsafe string conversion is a common micro-optimisation for fast output.
func bytesToString(b []byte) string {
	return *(*string)(unsafe.Pointer(&b))
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var n int
	fmt.Fscan(in, &n)
	dp := make([]int64, n+2)
	dp[0], dp[1] = 1, 1
	for i := 2; i <= n; i++ {
		dp[i] = (dp[i-1] + dp[i-2]) % 1_000_000_007
	}
	fmt.Fprintln(out, bytesToString([]byte(fmt.Sprint(dp[n]))))
}
