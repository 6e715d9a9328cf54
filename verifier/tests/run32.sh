#!/bin/sh
# The 32-bit suite: the light verifier built with 32-bit limbs natively, for 32-bit ARM
# (arm-linux-gnueabihf, run under qemu-arm) and with -m32 where multilib exists, must
# print exactly what the 64-bit-limb build prints (build/verifier/zkv-vectors) on a
# proof and its corruptions. A missing ARM toolchain or qemu-arm is a failure, not a skip
# (scripts/install-deps.sh installs them); -m32 is skipped with a note when the compiler
# has no 32-bit multilib (Debian's gcc-multilib conflicts with the ARM cross compiler).
# Usage: run32.sh ZKINFER_CLI   Prints "verifier-32bit: N passed, N failed".
ZKINFER=${1:-build/zkinfer}
OUT=build/verifier/t32
CFLAGS32="-std=c99 -O2 -Wall -Wextra -Werror"
SRC="verifier/zkv.c verifier/tests/zkv_vectors.c"
mkdir -p $OUT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
bad() { fail=$((fail + 1)); echo "  FAIL $1"; }
if ! $ZKINFER example --logrows 5 --seed 7 -o $OUT/ex >/dev/null 2>&1; then
    bad "zkinfer example (needs $ZKINFER)"
    echo "verifier-32bit: $pass passed, $((fail)) failed"
    exit 1
fi
STRIDE=5
ARGS="$OUT/ex/vk.bin $OUT/ex/proof.bin $OUT/ex/public.bin $STRIDE"
cc $CFLAGS32 $SRC -o $OUT/vec64 && $OUT/vec64 $ARGS >$OUT/ref.txt || bad "64-bit reference build"
grep -q '^valid 0$' $OUT/ref.txt && ok "64-bit limbs accept the valid proof" || bad "64-bit limbs accept"
grep -q '^byte .* 0$' $OUT/ref.txt && bad "a corrupted proof accepted" || ok "64-bit limbs: no corruption accepted ($(grep -c '^byte' $OUT/ref.txt) cases)"
if cc $CFLAGS32 -DZKV_LIMB_BITS=32 $SRC -o $OUT/vec32 && $OUT/vec32 $ARGS >$OUT/n32.txt && cmp -s $OUT/ref.txt $OUT/n32.txt; then
    ok "native 32-bit limbs: identical output"
else bad "native 32-bit limbs differ"; fi
# the x86-64 MULX/ADCX/ADOX multiply (compiled in with -madx -mbmi2) on CPUs that have it
if grep -qw adx /proc/cpuinfo 2>/dev/null && grep -qw bmi2 /proc/cpuinfo 2>/dev/null; then
    if cc $CFLAGS32 -madx -mbmi2 $SRC -o $OUT/vec-adx && $OUT/vec-adx $ARGS >$OUT/adx.txt && cmp -s $OUT/ref.txt $OUT/adx.txt; then
        ok "x86-64 ADX multiply: identical output"
    else bad "x86-64 ADX multiply differs"; fi
else
    echo "  note: this CPU has no ADX/BMI2; the ADX multiply was not run"
fi
if ! command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1 || ! command -v qemu-arm >/dev/null 2>&1; then
    bad "arm-linux-gnueabihf-gcc / qemu-arm missing (run: make deps)"
else
    # no __int128 on 32-bit ARM: the default is the 32-bit limb path; check that too
    if arm-linux-gnueabihf-gcc $CFLAGS32 -static $SRC -o $OUT/vec-arm &&
        printf '#include "verifier/zkv.c"\n#if ZKV_LIMB_BITS != 32\n#error\n#endif\n' | arm-linux-gnueabihf-gcc -x c -I. -c -o /dev/null - &&
        qemu-arm $OUT/vec-arm $ARGS >$OUT/arm.txt && cmp -s $OUT/ref.txt $OUT/arm.txt; then
        ok "armhf (qemu-arm, 32-bit limbs by default): identical output"
    else bad "armhf build or run differs"; fi
fi
if printf 'int main(void){return 0;}' | cc -m32 -x c -o $OUT/m32probe - >/dev/null 2>&1; then
    if cc -m32 $CFLAGS32 $SRC -o $OUT/vec-m32 && $OUT/vec-m32 $ARGS >$OUT/m32.txt && cmp -s $OUT/ref.txt $OUT/m32.txt; then
        ok "-m32: identical output"
    else bad "-m32 build differs"; fi
else
    echo "  note: no -m32 multilib on this machine; -m32 case skipped"
fi
echo "verifier-32bit: $pass passed, $fail failed"
[ $fail -eq 0 ]
