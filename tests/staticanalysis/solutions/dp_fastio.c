#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MOD 1000000007LL

static long long dp[5005][5005];
static char out[1 << 20];
static int out_len;

static inline int read_int(void) {
    int c = getchar_unlocked(), x = 0;
    while (c < '0' || c > '9') c = getchar_unlocked();
    while (c >= '0' && c <= '9') { x = x * 10 + (c - '0'); c = getchar_unlocked(); }
    return x;
}

static void write_ll(long long x) {
    char tmp[24];
    int len = 0;
    if (x == 0) tmp[len++] = '0';
    while (x > 0) { tmp[len++] = (char)('0' + x % 10); x /= 10; }
    while (len > 0) out[out_len++] = tmp[--len];
    out[out_len++] = '\n';
}

int main(void) {
    int n = read_int(), k = read_int();
    for (int i = 0; i <= n; i++) dp[i][0] = 1;
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= k && j <= i; j++) dp[i][j] = (dp[i - 1][j - 1] + dp[i - 1][j] * j) % MOD;
    write_ll(dp[n][k]);
    write(1, out, (size_t)out_len);
    return 0;
}
