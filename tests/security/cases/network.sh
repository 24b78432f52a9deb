# Bash's /dev/tcp to the outside, the host and the metadata service; name resolution.
# expect: ok
# stdout: SAFE
for target in 1.1.1.1/53 169.254.169.254/80 172.17.0.1/2375 127.0.0.1/6379; do
    if timeout 1 bash -c "exec 3<>/dev/tcp/${target%/*}/${target#*/}" 2>/dev/null; then
        echo "BREACH network: connected to $target"
    fi
done
if getent hosts example.com; then echo "BREACH dns: resolved"; fi
echo SAFE
