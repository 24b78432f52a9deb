# A detached background sleeper in run 1; run 2 must not see it.
# stdin: plant
# stdin: check
# expect: ok
# stdout: SAFE
read -r mode
if [ "$mode" = plant ]; then
    setsid bash -c 'exec -a rce-orphan-shell sleep 1000' </dev/null >/dev/null 2>&1 &
    disown
    nohup sleep 999 >/dev/null 2>&1 &
    echo SAFE planted
else
    for p in /proc/[0-9]*; do
        if grep -qa -e rce-orphan-shell -e 'sleep.999' "$p/cmdline" 2>/dev/null; then
            echo "BREACH orphan: ${p#/proc/} survived"
        fi
    done
    echo SAFE
fi
