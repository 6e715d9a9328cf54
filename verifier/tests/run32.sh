#!/bin/sh
# The 32-bit suite: the light verifier built with 32-bit limbs natively, for 32-bit ARM
# (arm-linux-gnueabihf, run under qemu-arm) and with -m32 where multilib exists, must
# print exactly what the 64-bit-limb build prints (build/verifier/zkv-vectors) on a
# proof and its corruptions, for the example circuit, its variant 2 (a version-2
# VK: late advice columns, challenges) and two version-3 VKs (SHPLONK opening). A missing ARM toolchain or qemu-arm is a
# failure, not a skip (scripts/install-deps.sh installs them); -m32 is skipped with a
# note when the compiler has no 32-bit multilib (Debian's gcc-multilib conflicts with
# the ARM cross compiler).
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
# the example's variant 2 has a version-2 VK: late advice columns and challenges
$ZKINFER example --variant 2 --logrows 5 --seed 7 -o $OUT/ex2 >/dev/null 2>&1 || bad "zkinfer example --variant 2"
# version 3 (SHPLONK opening): packs of at most 2, and one pack of everything with late columns
$ZKINFER example --shplonk 2 --logrows 5 --seed 7 -o $OUT/ex3 >/dev/null 2>&1 || bad "zkinfer example --shplonk 2"
$ZKINFER example --variant 2 --shplonk 256 --logrows 5 --seed 7 -o $OUT/ex3l >/dev/null 2>&1 || bad "zkinfer example --variant 2 --shplonk 256"
# builds: NAME and how to run it ("" when this machine cannot build it)
cc $CFLAGS32 $SRC -o $OUT/vec64 || bad "64-bit reference build"
cc $CFLAGS32 -DZKV_LIMB_BITS=32 $SRC -o $OUT/vec32 || bad "native 32-bit limb build"
# the x86-64 MULX/ADCX/ADOX multiply (compiled in with -madx -mbmi2) on CPUs that have it
ADX=""
if grep -qw adx /proc/cpuinfo 2>/dev/null && grep -qw bmi2 /proc/cpuinfo 2>/dev/null; then
    cc $CFLAGS32 -madx -mbmi2 $SRC -o $OUT/vec-adx && ADX=$OUT/vec-adx || bad "x86-64 ADX build"
else
    echo "  note: this CPU has no ADX/BMI2; the ADX multiply was not run"
fi
ARM=""
if ! command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1 || ! command -v qemu-arm >/dev/null 2>&1; then
    bad "arm-linux-gnueabihf-gcc / qemu-arm missing (run: make deps)"
# no __int128 on 32-bit ARM: the default is the 32-bit limb path; check that too
elif arm-linux-gnueabihf-gcc $CFLAGS32 -static $SRC -o $OUT/vec-arm &&
    printf '#include "verifier/zkv.c"\n#if ZKV_LIMB_BITS != 32\n#error\n#endif\n' | arm-linux-gnueabihf-gcc -x c -I. -c -o /dev/null -; then
    ARM="qemu-arm $OUT/vec-arm"
else bad "armhf build"; fi
M32=""
if printf 'int main(void){return 0;}' | cc -m32 -x c -o $OUT/m32probe - >/dev/null 2>&1; then
    cc -m32 $CFLAGS32 $SRC -o $OUT/vec-m32 && M32=$OUT/vec-m32 || bad "-m32 build"
else
    echo "  note: no -m32 multilib on this machine; -m32 case skipped"
fi

# check TAG DIR STRIDE: every build prints what the 64-bit-limb build prints on DIR's
# proof and its corruptions (every STRIDE-th byte, each public input)
check() {
    tag=$1
    args="$2/vk.bin $2/proof.bin $2/public.bin $3"
    $OUT/vec64 $args >$OUT/ref-$tag.txt || bad "$tag: 64-bit reference run"
    grep -q '^valid 0$' $OUT/ref-$tag.txt && ok "$tag: 64-bit limbs accept the valid proof" || bad "$tag: 64-bit limbs accept"
    grep -q '^byte .* 0$' $OUT/ref-$tag.txt && bad "$tag: a corrupted proof accepted" ||
        ok "$tag: 64-bit limbs: no corruption accepted ($(grep -c '^byte' $OUT/ref-$tag.txt) cases)"
    same() { # LABEL COMMAND...
        label=$1
        shift
        "$@" $args >$OUT/out-$tag.txt && cmp -s $OUT/ref-$tag.txt $OUT/out-$tag.txt && ok "$tag: $label: identical output" ||
            bad "$tag: $label differs"
    }
    same "native 32-bit limbs" $OUT/vec32
    [ -n "$ADX" ] && same "x86-64 ADX multiply" $ADX
    [ -n "$ARM" ] && same "armhf (qemu-arm, 32-bit limbs by default)" $ARM
    [ -n "$M32" ] && same "-m32" $M32
}
check example $OUT/ex 5
[ -f $OUT/ex2/proof.bin ] && check variant2 $OUT/ex2 11
[ -f $OUT/ex3/proof.bin ] && check shplonk2 $OUT/ex3 11
[ -f $OUT/ex3l/proof.bin ] && check shplonk256-variant2 $OUT/ex3l 13
echo "verifier-32bit: $pass passed, $fail failed"
[ $fail -eq 0 ]
