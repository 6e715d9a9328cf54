// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Test-only stand-in for a generated zkinfer verifier (same verifyProof ABI): it accepts
/// exactly the (proof, instances) pairs registered with setValid, so a changed proof
/// byte or public input is rejected as the real verifier would.
contract MockVerifier {
    mapping(bytes32 => bool) private valid;

    function setValid(bytes calldata proof, uint256[] calldata instances, bool ok) external {
        valid[keccak256(abi.encode(proof, instances))] = ok;
    }

    function verifyProof(bytes calldata proof, uint256[] calldata instances) external view returns (bool) {
        return valid[keccak256(abi.encode(proof, instances))];
    }
}
