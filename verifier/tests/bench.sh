#!/bin/sh
# `make bench` for the light verifier: verify time of a 2^16-row example proof on one
# core (64-bit limbs, -O3 portable and -O3 -march=native), then the Cortex-M4 sizes,
# instruction count and stack from the firmware run (cortex_m4.sh).
# Usage: bench.sh [ZKINFER_CLI]
ZKINFER=$1
[ -x "$ZKINFER" ] || ZKINFER=build/zkinfer
[ -x "$ZKINFER" ] || make -s build/zkinfer >/dev/null
[ -x "$ZKINFER" ] || ZKINFER=build/zkinfer
OUT=build/verifier/bench
mkdir -p $OUT
echo "== light verifier (verifier/) =="
for k in 10 16; do
    if [ ! -f $OUT/ex$k/proof.bin ]; then
        $ZKINFER example --logrows $k --seed 1 -o $OUT/ex$k >/dev/null 2>&1 || { echo "zkinfer example failed"; exit 1; }
    fi
done
cc -std=c99 -O3 verifier/zkv.c verifier/tests/zkv_bench.c -o $OUT/zkv-bench-O3 &&
    cc -std=c99 -O3 -march=native verifier/zkv.c verifier/tests/zkv_bench.c -o $OUT/zkv-bench-native || exit 1
for k in 10 16; do
    printf "2^%s rows, -O3 portable:      " $k
    $OUT/zkv-bench-O3 $OUT/ex$k/vk.bin $OUT/ex$k/proof.bin $OUT/ex$k/public.bin 50
    printf "2^%s rows, -O3 -march=native: " $k
    $OUT/zkv-bench-native $OUT/ex$k/vk.bin $OUT/ex$k/proof.bin $OUT/ex$k/public.bin 50
done
sh verifier/tests/cortex_m4.sh $ZKINFER | grep -E 'text|zkv-m4|fw.elf|instructions|workspace|firmware:' |
    sed 's/^ *//' | sed 's/^/cortex-m4: /'
echo "cortex-m4: cycles at 100 MHz are an estimate: instructions / 1e8 s at 1 instruction per cycle"
