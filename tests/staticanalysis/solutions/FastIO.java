import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

public class Main {
    static final class Reader {
        private static final int SIZE = 1 << 16;
        private final DataInputStream in = new DataInputStream(System.in);
        private final byte[] buffer = new byte[SIZE];
        private int pointer, read;

        private byte next() throws IOException {
            if (pointer == read) {
                read = in.read(buffer, pointer = 0, SIZE);
                if (read == -1) buffer[0] = -1;
            }
            return buffer[pointer++];
        }

        int nextInt() throws IOException {
            int ret = 0;
            byte b = next();
            while (b <= ' ') b = next();
            boolean neg = b == '-';
            if (neg) b = next();
            do {
                ret = ret * 10 + b - '0';
            } while ((b = next()) >= '0' && b <= '9');
            return neg ? -ret : ret;
        }
    }

    public static void main(String[] args) throws IOException {
        Reader in = new Reader();
        int n = in.nextInt();
        long[] dp = new long[n + 1];
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = in.nextInt();
        dp[0] = 0;
        for (int i = 1; i <= n; i++) dp[i] = Math.max(dp[i - 1], (i >= 2 ? dp[i - 2] : 0) + a[i - 1]);
        int[] copy = Arrays.copyOf(a, n);
        Arrays.sort(copy);
        StringBuilder sb = new StringBuilder();
        sb.append(dp[n]).append('\n');
        System.out.print(sb);
    }
}
