#!/bin/sh
# valgrind (memcheck, errors fatal) on the zkv-verify CLI: a valid proof, a corrupted
# one, a truncated one, a non-canonical public input, a truncated VK, garbage files;
# the example's variant 2 (a version-2 VK: late advice columns, challenges): valid, a
# late and an early commitment replaced by another valid point, corrupted, where
# `zkinfer verify-raw` must give the same verdict (accept / reject / malformed); and a
# version-3 VK (SHPLONK opening) with late columns, likewise.
# The ASan+UBSan runs of the zkv_* cases happen in the main suite's sanitizer build.
# Usage: valgrind.sh ZKINFER_CLI    Prints "verifier-valgrind: N passed, N failed".
ZKINFER=${1:-build/zkinfer}
OUT=build/verifier/vg
BIN=build/verifier/zkv-verify
mkdir -p $OUT
pass=0
fail=0
if ! command -v valgrind >/dev/null 2>&1; then
    echo "  FAIL valgrind missing (run: make deps)"
    echo "verifier-valgrind: 0 passed, 1 failed"
    exit 1
fi
$ZKINFER example --logrows 4 --seed 3 -o $OUT/ex >/dev/null 2>&1
E=$OUT/ex
cp $E/proof.bin $OUT/bad.bin && printf '\377' | dd of=$OUT/bad.bin bs=1 seek=700 conv=notrunc 2>/dev/null
cp $E/public.bin $OUT/pub_chg.bin && printf '\007' | dd of=$OUT/pub_chg.bin bs=1 seek=31 conv=notrunc 2>/dev/null
head -c 1000 $E/proof.bin >$OUT/short.bin
head -c 600 $E/vk.bin >$OUT/shortvk.bin
printf '\377%.0s' $(seq 64) >$OUT/pub_big.bin
head -c 3000 /dev/urandom >$OUT/rand.bin
check() { # want name args...
    want=$1
    name=$2
    shift 2
    valgrind -q --error-exitcode=99 --leak-check=full $BIN "$@" >/dev/null 2>$OUT/vg.txt
    rc=$?
    if [ $rc -eq "$want" ]; then
        pass=$((pass + 1))
        echo "  ok   $name (exit $rc, valgrind clean)"
    else
        fail=$((fail + 1))
        echo "  FAIL $name: exit $rc, want $want"
        cat $OUT/vg.txt
    fi
}
check 0 valid $E/vk.bin $E/proof.bin $E/public.bin
check 1 changed-public $E/vk.bin $E/proof.bin $OUT/pub_chg.bin
check 2 corrupted-point $E/vk.bin $OUT/bad.bin $E/public.bin
check 2 truncated-proof $E/vk.bin $OUT/short.bin $E/public.bin
check 2 noncanonical-public $E/vk.bin $E/proof.bin $OUT/pub_big.bin
check 2 missing-public $E/vk.bin $E/proof.bin
check 2 truncated-vk $OUT/shortvk.bin $E/proof.bin $E/public.bin
check 2 garbage-vk $OUT/rand.bin $E/proof.bin $E/public.bin
check 2 garbage-proof $E/vk.bin $OUT/rand.bin $E/public.bin
# variant 2: advice a0..a4 early, a5, a6 late; commitments are the proof's first words
$ZKINFER example --variant 2 --logrows 4 --seed 3 -o $OUT/ex2 >/dev/null 2>&1
E2=$OUT/ex2
cp $E2/proof.bin $OUT/late.bin && dd if=$E2/proof.bin of=$OUT/late.bin bs=64 count=1 seek=5 conv=notrunc 2>/dev/null
cp $E2/proof.bin $OUT/early.bin && dd if=$E2/proof.bin of=$OUT/early.bin bs=64 skip=6 count=1 seek=0 conv=notrunc 2>/dev/null
cp $E2/proof.bin $OUT/bad2.bin && printf '\377' | dd of=$OUT/bad2.bin bs=1 seek=700 conv=notrunc 2>/dev/null
# check_full want name vk proof public: check, then the full verifier's verdict class
check_full() {
    check "$@"
    $ZKINFER verify-raw --vk $3 --proof $4 --public $5 >/dev/null 2>&1
    rc=$?
    [ $rc -gt 1 ] && rc=2
    if [ $rc -eq "$1" ]; then
        pass=$((pass + 1))
        echo "  ok   $2: zkinfer verify-raw agrees"
    else
        fail=$((fail + 1))
        echo "  FAIL $2: zkinfer verify-raw verdict class $rc, light $1"
    fi
}
check_full 0 v2-valid $E2/vk.bin $E2/proof.bin $E2/public.bin
check_full 1 v2-late-commitment-replaced $E2/vk.bin $OUT/late.bin $E2/public.bin
check_full 1 v2-early-commitment-replaced $E2/vk.bin $OUT/early.bin $E2/public.bin
check_full 2 v2-corrupted-point $E2/vk.bin $OUT/bad2.bin $E2/public.bin
check_full 2 v2-proof-against-v1-vk $E/vk.bin $E2/proof.bin $E2/public.bin
# version 3 (SHPLONK, packs of at most 2) with late columns: valid, an advice commitment
# replaced by another, [W] and [W'] swapped (the proof's last 128 bytes), a corrupted
# point, the v3 proof against the GWC key and the GWC proof against the v3 key
$ZKINFER example --variant 2 --shplonk 2 --logrows 4 --seed 3 -o $OUT/ex3 >/dev/null 2>&1
E3=$OUT/ex3
L3=$(wc -c <$E3/proof.bin)
cp $E3/proof.bin $OUT/adv3.bin && dd if=$E3/proof.bin of=$OUT/adv3.bin bs=64 skip=6 count=1 seek=0 conv=notrunc 2>/dev/null
cp $E3/proof.bin $OUT/w3.bin && dd if=$E3/proof.bin of=$OUT/w3.bin bs=1 skip=$((L3 - 128)) count=64 seek=$((L3 - 64)) conv=notrunc 2>/dev/null &&
    dd if=$E3/proof.bin of=$OUT/w3.bin bs=1 skip=$((L3 - 64)) count=64 seek=$((L3 - 128)) conv=notrunc 2>/dev/null
# the first byte of the second witness pack's y: 0xff makes it >= p (non-canonical)
cp $E3/proof.bin $OUT/bad3.bin && printf '\377' | dd of=$OUT/bad3.bin bs=1 seek=96 conv=notrunc 2>/dev/null
check_full 0 v3-valid $E3/vk.bin $E3/proof.bin $E3/public.bin
check_full 1 v3-advice-commitment-replaced $E3/vk.bin $OUT/adv3.bin $E3/public.bin
check_full 1 v3-witnesses-swapped $E3/vk.bin $OUT/w3.bin $E3/public.bin
check_full 2 v3-corrupted-point $E3/vk.bin $OUT/bad3.bin $E3/public.bin
check_full 2 v3-proof-against-v2-vk $E2/vk.bin $E3/proof.bin $E3/public.bin
check_full 2 v2-proof-against-v3-vk $E3/vk.bin $E2/proof.bin $E2/public.bin
echo "verifier-valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
