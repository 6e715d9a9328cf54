# bench/: EZKL side by side with zkinfer on examples/mnist (bench/ezkl/, docs/BENCHMARKS.md).
# Runs after the C benchmarks have written build/bench.json, merges ezkl_* keys and
# EZKL/zkinfer ratios into it, and never fails `make bench` (no Python or no EZKL: one line).
# EZKL_CONFIGS=none make bench skips it; the default run takes several minutes on 2 cores.
BENCH_CMDS += sh bench/ezkl/run.sh;

# make bench-models: zkinfer and EZKL side by side on MNIST (scale 7 and 13), the credit
# model and a ResNet-style CIFAR-10 net (bench/models/run_models.py; not part of
# `make test` or `make bench`). About 30-45 minutes on 2 cores, most of it EZKL;
# EZKL_MODELS=mnist-s7,credit makes it shorter, EZKL_MODELS=none measures zkinfer only.
.PHONY: bench-models
bench-models:
	$(MAKE) BUILD=build/bench CFLAGS="-O3 -march=native -g" build/bench/zkinfer
	sh bench/models/run.sh build/bench/zkinfer
