# find / for answers and inputs (find / -name '*.out'): only the program's own files exist.
# expect: ok|tle
# stdout: SAFE
found=$(find / -xdev \( -name '*.in' -o -name '*.out' -o -name '*.ans' -o -name 'tests' -o -name 'testdata' \) \
    -not -path '/proc/*' -not -path '/sys/*' -not -path '/usr/*' 2>/dev/null)
if [ -n "$found" ]; then echo "BREACH testdata: $found"; fi
for dir in /box /tmp; do ls -la "$dir"; done
echo SAFE
