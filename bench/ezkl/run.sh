#!/bin/sh
# EZKL side by side with zkinfer on examples/mnist (docs/BENCHMARKS.md).
# Makes build/venv-ezkl on first use, installs bench/ezkl/requirements.txt into it,
# then runs bench/ezkl/run_ezkl.py, which merges ezkl_* keys into build/bench.json.
# Never fails `make bench`: if the venv or EZKL cannot be installed it prints one line
# saying why and exits 0 without writing figures.
# With --venv-only it stops after making the venv (bench/models/run.sh uses that).
cd "$(dirname "$0")/../.." || exit 0
if [ "${1:-}" != --venv-only ] && [ "${EZKL_CONFIGS:-}" = none ]; then echo "ezkl bench: skipped (EZKL_CONFIGS=none)"; exit 0; fi
VENV=build/venv-ezkl
REQ=bench/ezkl/requirements.txt
PY=${PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
    mkdir -p build
    if ! "$PY" -m venv "$VENV" >build/venv-ezkl.log 2>&1; then
        echo "ezkl bench: skipped, '$PY -m venv $VENV' failed (see build/venv-ezkl.log)"
        rm -rf "$VENV"
        exit 0
    fi
fi
# Reinstall only when the requirements changed since the last successful install.
if ! cmp -s "$REQ" "$VENV/.requirements.txt"; then
    if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ" >build/venv-ezkl.log 2>&1; then
        echo "ezkl bench: skipped, pip could not install $(grep -v '^#' "$REQ" | tr '\n' ' ')($(tail -n 1 build/venv-ezkl.log))"
        exit 0
    fi
    cp "$REQ" "$VENV/.requirements.txt"
fi
[ "${1:-}" = --venv-only ] && exit 0
"$VENV/bin/python" bench/ezkl/run_ezkl.py "$@" || echo "ezkl bench: run_ezkl.py exited with status $?"
exit 0
