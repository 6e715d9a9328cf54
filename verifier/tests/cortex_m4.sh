#!/bin/sh
# The Cortex-M4 suite: the library alone builds with arm-none-eabi-gcc -Os -mthumb
# -mcpu=cortex-m4 -ffreestanding (sizes printed; .text must stay <= 32 KiB), a firmware
# image links (own startup, memcpy/memset, no libc) and, booted under qemu-system-arm
# -M mps2-an386, accepts the embedded example proof (the example circuit, its variant 2
# with a version-2 VK, its variant 2 with the SHPLONK opening and a version-3 VK, the
# MNIST model) and rejects a corrupted proof and a
# changed public input (verdicts over semihosting). Missing tools are a failure.
# Usage: cortex_m4.sh ZKINFER_CLI   Prints "verifier-cortex-m4: N passed, N failed".
ZKINFER=${1:-build/zkinfer}
OUT=build/verifier/fw
mkdir -p $OUT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
bad() { fail=$((fail + 1)); echo "  FAIL $1"; }
finish() {
    echo "verifier-cortex-m4: $pass passed, $fail failed"
    [ $fail -eq 0 ]
    exit $?
}
M4="-std=c99 -Os -mthumb -mcpu=cortex-m4 -ffreestanding -ffunction-sections -fdata-sections -Wall -Wextra -Werror"
if ! command -v arm-none-eabi-gcc >/dev/null 2>&1 || ! command -v qemu-system-arm >/dev/null 2>&1; then
    bad "arm-none-eabi-gcc / qemu-system-arm missing (run: make deps)"
    finish
fi
if arm-none-eabi-gcc $M4 -fstack-usage -c verifier/zkv.c -o $OUT/zkv-m4.o; then
    text=$(arm-none-eabi-size $OUT/zkv-m4.o | awk 'NR==2 {print $1}')
    arm-none-eabi-size $OUT/zkv-m4.o | sed 's/^/  /'
    [ "$text" -le 32768 ] && ok "library .text $text bytes <= 32 KiB" || bad "library .text $text bytes > 32 KiB"
else bad "library build"; fi
# sizeof(zkv_vk) on the target (a symbol of that type, its size from nm)
printf '#include "verifier/zkv.h"\nzkv_vk zkv_fw_vk_size;\n' >$OUT/vksize.c
VKSZ=$(arm-none-eabi-gcc $M4 -I. -c $OUT/vksize.c -o $OUT/vksize.o && arm-none-eabi-nm -S $OUT/vksize.o | awk '{print $2}')
VKSZ=$((0x${VKSZ:-0}))
# fw NAME DIR: builds the firmware with DIR's vk/proof/public embedded, boots it, checks
# the three verdicts and reports instructions, stack and RAM (workspace + stack).
fw() {
    name=$1
    dir=$2
    if sh verifier/firmware/gen_data.sh $dir $OUT/fw_data.h &&
        arm-none-eabi-gcc $M4 -nostdlib -I$OUT -T verifier/firmware/m4.ld -Wl,--gc-sections \
            verifier/firmware/fw.c verifier/zkv.c -lgcc -o $OUT/fw-$name.elf; then
        ok "$name: firmware links"
        arm-none-eabi-size $OUT/fw-$name.elf | sed 's/^/  /'
    else
        bad "$name: firmware build"
        return
    fi
    if timeout 600 qemu-system-arm -M mps2-an386 -nographic -semihosting -icount shift=0 -kernel $OUT/fw-$name.elf >$OUT/run-$name.txt 2>&1; then
        ok "$name: firmware under qemu-system-arm (mps2-an386) exits 0"
    else bad "$name: firmware run failed"; fi
    sed 's/^/  /' $OUT/run-$name.txt
    grep -q '^valid proof: accept' $OUT/run-$name.txt && ok "$name: valid proof accepted on Cortex-M4" || bad "$name: valid proof not accepted"
    # a corrupted byte may land in a point or a scalar: any verdict but accept (a reject, or
    # the decoding error that names it) is right
    grep -q '^corrupted proof: ' $OUT/run-$name.txt && ! grep -q '^corrupted proof: accept' $OUT/run-$name.txt &&
        ok "$name: corrupted proof rejected" || bad "$name: corrupted proof not rejected"
    grep -q '^changed public input: reject' $OUT/run-$name.txt && ok "$name: changed public input rejected" || bad "$name: changed public input not rejected"
    ws=$(sed -n 's/#define ZKV_FW_WORK_BYTES //p' $OUT/fw_data.h)
    st=$(sed -n 's/^valid proof: accept.*stack high-water (whole program) \([0-9]*\) bytes.*/\1/p' $OUT/run-$name.txt)
    echo "  $name: RAM = workspace $ws B + stack ${st:-?} B = $((ws + ${st:-0})) B (plus the ${VKSZ:-?}-byte zkv_vk)"
}

$ZKINFER example --logrows 5 --seed 11 -o $OUT/ex >/dev/null 2>&1 || bad "zkinfer example"
fw example $OUT/ex
# variant 2: a version-2 VK (late advice columns, challenges in gates and a lookup input)
$ZKINFER example --variant 2 --logrows 5 --seed 11 -o $OUT/ex2 >/dev/null 2>&1 || bad "zkinfer example --variant 2"
fw variant2 $OUT/ex2
# version 3: the SHPLONK opening (packs of at most 2), with late columns
$ZKINFER example --variant 2 --shplonk 2 --logrows 5 --seed 11 -o $OUT/ex3 >/dev/null 2>&1 || bad "zkinfer example --variant 2 --shplonk 2"
fw shplonk $OUT/ex3

# the MNIST model's proof, made through the CLI flow (input private, logits public)
M=examples/mnist
D=$OUT/mnist
mkdir -p $D
if [ -f $M/model.onnx ] && $ZKINFER gen-settings -M $M/model.onnx -o $D/settings.json >/dev/null &&
    $ZKINFER compile -M $M/model.onnx -S $D/settings.json -o $D/model.zkc >/dev/null &&
    { [ -f $D/srs.bin ] || $ZKINFER srs --dev --logrows 16 -o $D/srs.bin 2>/dev/null; } &&
    $ZKINFER setup -C $D/model.zkc --srs $D/srs.bin --pk $D/pk.bin --vk $D/vk.bin --quiet >/dev/null &&
    $ZKINFER prove -C $D/model.zkc --pk $D/pk.bin -D $M/input.json -o $D/proof.json --quiet >/dev/null; then
    cp $D/proof.public.bin $D/public.bin
    fw mnist $D
else
    bad "mnist: the model's proof could not be made"
fi
finish
