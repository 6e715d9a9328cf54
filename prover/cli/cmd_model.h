/* The model flow of the zkinfer CLI (gen-settings, compile, setup, witness, prove,
 * verify); each returns the process exit code (0 ok, 1 rejected, 2 usage, 3 bad input,
 * 4 internal error). */
#ifndef ZKI_CMD_MODEL_H
#define ZKI_CMD_MODEL_H

int zki_cmd_gen_settings(int argc, char **argv);
int zki_cmd_compile(int argc, char **argv);
int zki_cmd_setup(int argc, char **argv);
int zki_cmd_witness(int argc, char **argv);
int zki_cmd_prove(int argc, char **argv);
int zki_cmd_verify(int argc, char **argv);

#endif
