#!/bin/sh
# zkinfer and EZKL side by side on several models (`make bench-models`; docs/BENCHMARKS.md).
# Usage: sh bench/models/run.sh [build/bench/zkinfer]
# Makes EZKL's virtual environment (build/venv-ezkl, through bench/ezkl/run.sh) and runs
# bench/models/run_models.py with its Python; without EZKL it measures zkinfer alone.
# Environment: BENCH_MODELS, EZKL_MODELS (none: no EZKL), BENCH_TOOLS, BENCH_MEM_CAP_MIB,
# BENCH_STEP_TIMEOUT_S, BENCH_JSON (see run_models.py). Then draws the plot (BENCH_SVG,
# default docs/bench-models.svg) from the JSON.
cd "$(dirname "$0")/../.." || exit 1
ZK=${1:-build/bench/zkinfer}
[ -x "$ZK" ] || { echo "bench-models: no $ZK (make BUILD=build/bench CFLAGS=\"-O3 -march=native -g\" $ZK)"; exit 1; }
PY=python3
if [ "${EZKL_MODELS:-}" != none ]; then
    sh bench/ezkl/run.sh --venv-only
    [ -x build/venv-ezkl/bin/python ] && PY=build/venv-ezkl/bin/python
fi
"$PY" bench/models/run_models.py --zkinfer "$ZK" || exit 1
python3 bench/models/plot.py "${BENCH_JSON:-build/bench-models.json}" "${BENCH_SVG:-docs/bench-models.svg}"
