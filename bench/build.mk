# bench/: EZKL side by side with zkinfer on examples/mnist (bench/ezkl/, docs/BENCHMARKS.md).
# Runs after the C benchmarks have written build/bench.json, merges ezkl_* keys and
# EZKL/zkinfer ratios into it, and never fails `make bench` (no Python or no EZKL: one line).
# EZKL_CONFIGS=none make bench skips it; the default run takes several minutes on 2 cores.
BENCH_CMDS += sh bench/ezkl/run.sh;
