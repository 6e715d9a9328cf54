/* zkinfer estimate, optimize and cost-model (README "Budget before setup").
 *
 *   estimate    -C model.zkc | -M model.onnx -S settings.json [--cost-model FILE] [--json]
 *               before any key: proof, VK, pk and SRS sizes (exact), prover and setup
 *               peak memory, setup and prove time on this machine (modelled), EVM verify
 *               gas and bytecode size against EIP-170 (fitted).
 *   optimize    -M model.onnx -S settings.json [--objective time|size|gas] [-o FILE]
 *               [--cost-model FILE] [--json]: the layout optimizer (prover/cost/optimize.h):
 *               prints every candidate width and writes the cheapest into the settings.
 *   cost-model  [--cost-model FILE] [--refresh] [--sizes LO:HI]: reads (or measures:
 *               --refresh, or --sizes other than the default 10:16) the machine's cost
 *               model (prover/cost/cost_model.h) and prints its main figures.
 *
 * Each returns the process exit code (cli_util.h). */
#ifndef ZKI_CMD_ESTIMATE_H
#define ZKI_CMD_ESTIMATE_H

int zki_cmd_estimate(int argc, char **argv);
int zki_cmd_optimize(int argc, char **argv);
int zki_cmd_cost_model(int argc, char **argv);

#endif
