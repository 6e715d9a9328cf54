#!/bin/sh
# Runs each test suite command given as an argument, shows its output, and ends
# with one line "N passed, N failed" summed over all suites. Exits non-zero if any
# suite failed or could not run.
total_pass=0
total_fail=0
status=0
for cmd in "$@"; do
    out=$(mktemp)
    sh -c "$cmd" >"$out" 2>&1
    rc=$?
    cat "$out"
    line=$(grep -E '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    rm -f "$out"
    if [ -z "$line" ]; then
        echo "suite did not finish (exit $rc): $cmd"
        total_fail=$((total_fail + 1))
        status=1
        continue
    fi
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    [ "$rc" -ne 0 ] && status=1
done
echo "$total_pass passed, $total_fail failed"
exit $status
