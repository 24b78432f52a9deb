# printenv (Judge0 issue #564): nothing from the host, only what the sandbox sets.
# expect: ok
# stdout: SAFE
printenv
for name in $(printenv | cut -d= -f1); do
    case "$name" in
        PATH|HOME|TMPDIR|LANG|PWD|SHLVL|_|OLDPWD) ;;
        *) echo "BREACH env: unexpected $name" ;;
    esac
done
echo "$(id)"
[ "$(id -u)" = 65534 ] || echo "BREACH uid: $(id -u)"
echo SAFE
