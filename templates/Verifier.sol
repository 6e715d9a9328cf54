// SPDX-License-Identifier: MIT
// {{BANNER}}
pragma solidity ^0.8.24;
{{VK_CONTRACT}}
/// @title {{CONTRACT_NAME}}: checks {{PROOF_SYSTEM}} proofs (docs/PROTOCOL.md) for one verifying key.
/// @notice verifyProof returns true for a valid proof and false for any other input: wrong
/// lengths, scalars >= r, coordinates >= p, points off the curve, or a false statement.
contract {{CONTRACT_NAME}} {
    // ---- field moduli and precompiles ----
    uint256 internal constant R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;
    uint256 internal constant P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47;
    uint256 internal constant PRECOMPILE_MODEXP = 0x05;
    uint256 internal constant PRECOMPILE_ECADD = 0x06;
    uint256 internal constant PRECOMPILE_ECMUL = 0x07;
    uint256 internal constant PRECOMPILE_PAIRING = 0x08;

    // ---- verifying key ----
{{VK_CONSTANTS}}
    // ---- proof layout: byte offsets inside `proof` (the calldata encoder uses the same table) ----
{{PROOF_CONSTANTS}}
    // ---- memory map ----
{{MEMORY_CONSTANTS}}
{{CONSTRUCTOR}}
    /// @param proof the proof bytes (docs/PROTOCOL.md {{PROOF_SECTION}}), exactly PROOF_LEN bytes
    /// @param instances the public inputs, N_PUBLIC words, each < r
    function verifyProof(bytes calldata proof, uint256[] calldata instances) external {{MUTABILITY}} returns (bool) {
{{PRELUDE}}
        assembly {
            // ---- helpers: one job each ----

            // x < P and y < P, and (x, y) on y^2 = x^3 + 3 or the point at infinity (0, 0)
            function isPoint(ptr) -> ok {
                let x := mload(ptr)
                let y := mload(add(ptr, 0x20))
                ok := and(lt(x, P), lt(y, P))
                if iszero(or(x, y)) { leave }
                ok := and(ok, eq(mulmod(y, y, P), addmod(mulmod(x, mulmod(x, x, P), P), 3, P)))
            }

            // every word in [ptr, end) is a canonical scalar
            function areScalars(ptr, end) -> ok {
                ok := 1
                for {} lt(ptr, end) { ptr := add(ptr, 0x20) } { ok := and(ok, lt(mload(ptr), R)) }
            }

            // every 64-byte point in [ptr, end) is canonical and on the curve
            function arePoints(ptr, end) -> ok {
                ok := 1
                for {} lt(ptr, end) { ptr := add(ptr, 0x40) } { ok := and(ok, isPoint(ptr)) }
            }

            // hashes [from, from + len), stores the new state S at `to`, returns S mod r
            function squeeze(from, len, to) -> c {
                let h := keccak256(from, len)
                mstore(to, h)
                c := mod(h, R)
            }

            // x^(r-2) mod r through the modexp precompile, with scratch at 0x00..0xc0
            function invert(x) -> y {
                mstore(0x00, 0x20)
                mstore(0x20, 0x20)
                mstore(0x40, 0x20)
                mstore(0x60, x)
                mstore(0x80, sub(R, 2))
                mstore(0xa0, R)
                if iszero(staticcall(gas(), PRECOMPILE_MODEXP, 0x00, 0xc0, 0x00, 0x20)) { revert(0, 0) }
                y := mload(0x00)
            }

            // replaces the n words at ptr by their inverses (Montgomery's trick: one
            // inversion); tmp holds n words. Returns 0 if any word is zero.
            function batchInvert(ptr, tmp, n) -> ok {
                let acc := 1
                for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                    mstore(add(tmp, shl(5, i)), acc)
                    acc := mulmod(acc, mload(add(ptr, shl(5, i))), R)
                }
                ok := iszero(iszero(acc))
                let inv := invert(acc)
                for { let i := n } gt(i, 0) {} {
                    i := sub(i, 1)
                    let a := add(ptr, shl(5, i))
                    let d := mload(a)
                    mstore(a, mulmod(inv, mload(add(tmp, shl(5, i))), R))
                    inv := mulmod(inv, d, R)
                }
            }

            // acc += s·(x, y) on G1; acc is 64 bytes followed by 96 bytes of scratch
            function mulAcc(acc, x, y, s) -> ok {
                let t := add(acc, 0x40)
                mstore(t, x)
                mstore(add(t, 0x20), y)
                mstore(add(t, 0x40), s)
                ok := staticcall(gas(), PRECOMPILE_ECMUL, t, 0x60, t, 0x40)
                ok := and(ok, staticcall(gas(), PRECOMPILE_ECADD, acc, 0x80, acc, 0x40))
            }

            // acc = s·(x, y) on G1: the first term of a sum
            function mulTo(acc, x, y, s) -> ok {
                mstore(acc, x)
                mstore(add(acc, 0x20), y)
                mstore(add(acc, 0x40), s)
                ok := staticcall(gas(), PRECOMPILE_ECMUL, acc, 0x60, acc, 0x40)
            }

            // acc += (x, y) on G1
            function addAcc(acc, x, y) -> ok {
                mstore(add(acc, 0x40), x)
                mstore(add(acc, 0x60), y)
                ok := staticcall(gas(), PRECOMPILE_ECADD, acc, 0x80, acc, 0x40)
            }

            function fail() {
                mstore(0x00, 0)
                return(0x00, 0x20)
            }

            // ---- 1. sizes, then copy the proof and public inputs into the transcript
            //         buffer, then check every scalar and point: all before any challenge ----
{{CHECKS}}
            // ---- 2. transcript (docs/PROTOCOL.md §4.4) ----
{{TRANSCRIPT}}
{{HEAD_LAGRANGE}}
{{LAGRANGE}}
            // ---- 4. the combined constraint C(ζ) (docs/PROTOCOL.md §4.2) and the quotient's value
            //         T(ζ) = C(ζ)/Z_H(ζ), which the opening in 5. checks ----
{{CONSTRAINTS}}
{{HEAD_MSM}}
{{MSM}}
            // ---- 6. e(left, [1]₂) · e(−right, [τ]₂) = 1 ----
{{PAIRING}}
        }
    }
}
