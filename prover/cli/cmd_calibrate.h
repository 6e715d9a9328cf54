/* zkinfer table and zkinfer calibrate (README "Model flow").
 *
 *   table      the operator table of a model under given settings: per graph node its
 *              name, op, output shape, output scale and the circuit rows it adds, then
 *              the circuit's totals (rows, logrows, columns).
 *   calibrate  tries candidate settings (scale, activation bits) on sample inputs,
 *              measures each against the float model, picks one for a target
 *              (accuracy or resources), writes it into settings.json and the whole
 *              comparison into <settings>.calibration.json.
 *
 * Both return the process exit code (0 ok, 2 usage, 3 bad input, 4 internal error). */
#ifndef ZKI_CMD_CALIBRATE_H
#define ZKI_CMD_CALIBRATE_H

int zki_cmd_table(int argc, char **argv);
int zki_cmd_calibrate(int argc, char **argv);

#endif
