#!/bin/sh
# The Cortex-M4 suite: the library alone builds with arm-none-eabi-gcc -Os -mthumb
# -mcpu=cortex-m4 -ffreestanding (sizes printed; .text must stay <= 32 KiB), a firmware
# image links (own startup, memcpy/memset, no libc) and, booted under qemu-system-arm
# -M mps2-an386, accepts the embedded example proof and rejects a corrupted proof and a
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
$ZKINFER example --logrows 5 --seed 11 -o $OUT/ex >/dev/null 2>&1 || bad "zkinfer example"
if sh verifier/firmware/gen_data.sh $OUT/ex $OUT/fw_data.h &&
    arm-none-eabi-gcc $M4 -nostdlib -I$OUT -T verifier/firmware/m4.ld -Wl,--gc-sections \
        verifier/firmware/fw.c verifier/zkv.c -lgcc -o $OUT/fw.elf; then
    ok "firmware links"
    arm-none-eabi-size $OUT/fw.elf | sed 's/^/  /'
else
    bad "firmware build"
    finish
fi
if timeout 600 qemu-system-arm -M mps2-an386 -nographic -semihosting -icount shift=0 -kernel $OUT/fw.elf >$OUT/run.txt 2>&1; then
    ok "firmware under qemu-system-arm (mps2-an386) exits 0"
else bad "firmware run failed"; fi
sed 's/^/  /' $OUT/run.txt
grep -q '^valid proof: accept' $OUT/run.txt && ok "valid proof accepted on Cortex-M4" || bad "valid proof not accepted"
grep -q '^corrupted proof: reject' $OUT/run.txt && ok "corrupted proof rejected" || bad "corrupted proof not rejected"
grep -q '^changed public input: reject' $OUT/run.txt && ok "changed public input rejected" || bad "changed public input not rejected"
finish
