#!/bin/sh
# The light verifier compiles alone: C99 -pedantic with every warning an error, with
# 64-bit and 32-bit limbs, with gcc and clang (when present), -ffreestanding -nostdlib
# as an object; it defines no non-static symbol outside the zkv_ prefix and references
# nothing beyond memcpy/memset (and, on targets without wide multiply, libgcc helpers).
# Prints "verifier-build: N passed, N failed".
OUT=build/verifier/checks
mkdir -p $OUT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
bad() { fail=$((fail + 1)); echo "  FAIL $1"; }
W="-std=c99 -pedantic -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion -Wcast-align -Wstrict-prototypes -Wvla"
for cc in gcc clang; do
    command -v $cc >/dev/null 2>&1 || { echo "  note: $cc not installed"; continue; }
    for limbs in 64 32; do
        if $cc $W -O2 -DZKV_LIMB_BITS=$limbs -ffreestanding -c verifier/zkv.c -o $OUT/zkv-$cc-$limbs.o; then
            ok "$cc, $limbs-bit limbs, -ffreestanding"
        else bad "$cc, $limbs-bit limbs"; fi
    done
done
o=$OUT/zkv-gcc-64.o
if [ -f $o ]; then
    exported=$(nm -g --defined-only $o | awk '{print $3}' | grep -v '^zkv_' | tr '\n' ' ')
    [ -z "$exported" ] && ok "only zkv_ symbols exported" || bad "exported non-zkv symbols: $exported"
    undef=$(nm -u $o | awk '{print $2}' | grep -v -E '^(memcpy|memset|memcmp)$' | tr '\n' ' ')
    [ -z "$undef" ] && ok "undefined symbols: memcpy/memset/memcmp only" || bad "undefined symbols: $undef"
fi
if gcc -std=c99 -O2 -fstack-usage -c verifier/zkv.c -o $OUT/su.o 2>/dev/null && ! grep -q -E "[[:space:]]dynamic$" $OUT/su.su; then
    ok "no unbounded stack frames (no VLA/alloca)"
else bad "dynamic stack frame"; fi
echo "verifier-build: $pass passed, $fail failed"
[ $fail -eq 0 ]
