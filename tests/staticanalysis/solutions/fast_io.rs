use std::io::{self, BufRead, BufWriter, Write};

struct Scanner<R> {
    reader: R,
    buffer: Vec<String>,
}

impl<R: BufRead> Scanner<R> {
    fn new(reader: R) -> Self {
        Scanner { reader, buffer: Vec::new() }
    }

    fn next<T: std::str::FromStr>(&mut self) -> T {
        loop {
            if let Some(token) = self.buffer.pop() {
                return token.parse().ok().expect("parse");
            }
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("read");
            self.buffer = line.split_whitespace().rev().map(String::from).collect();
        }
    }
}

fn main() {
    let stdin = io::stdin();
    let mut scan = Scanner::new(stdin.lock());
    let out = io::stdout();
    let mut out = BufWriter::new(out.lock());
    let n: usize = scan.next();
    let mut dp = vec![0u64; n + 1];
    for i in 1..=n {
        let x: u64 = scan.next();
        dp[i] = dp[i - 1].max(if i >= 2 { dp[i - 2] + x } else { x });
    }
    let bytes = dp[n].to_string().into_bytes();
    // Skipping the UTF-8 check is a common (if dubious) fast-output trick.
    let text = unsafe { std::str::from_utf8_unchecked(&bytes) };
    writeln!(out, "{}", text).unwrap();
}
