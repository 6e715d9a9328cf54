// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// The generated verifier's interface (`zkinfer create-evm-verifier`, templates/Verifier.sol):
/// true for a valid proof of the VK's circuit, false for anything else.
interface IZkinferVerifier {
    function verifyProof(bytes calldata proof, uint256[] calldata instances) external view returns (bool);
}

/// @title CreditGate: an undercollateralized credit line for a proven, attested credit score.
/// @notice A borrower proves with zkinfer that the lending protocol's credit model, run on
/// private features, gives a score at or above `threshold`. The proof's public inputs carry
/// the Poseidon hash of the quantized features (`hashed` input visibility) and the score; a
/// trusted data provider, who saw the borrower's real features, signs (EIP-712) that this
/// hash belongs to this borrower, for this model, once, until an expiry. The gate checks, in
/// order, and reverts with the named error on the first failure:
///   1. the signature is well formed and its signer is `provider`   InvalidSignature, UntrustedAttester
///   2. the attested borrower is msg.sender (no front-running)       WrongBorrower
///   3. block.timestamp <= expiry                                    AttestationExpired
///   4. the (borrower, nonce) pair is unused; it is marked used       NonceUsed
///   5. the attested VK digest is this gate's model                  VkDigestMismatch
///   6. the attested input hash is the proof's public input          BadPublicInputs, InputHashMismatch
///   7. the proof verifies                                            InvalidProof
///   8. the score is at least the threshold                          ScoreBelowThreshold
/// then records the credit line and emits CreditApproved. See contracts/README.md.
contract CreditGate {
    struct Attestation {
        address borrower;
        bytes32 inputHash; // Poseidon vector hash of the quantized features (docs/PROTOCOL.md §8.2)
        bytes32 vkDigest; // the model's verifying-key digest (vk.json "digest")
        uint256 nonce;
        uint256 expiry; // last valid block timestamp
    }

    /// Two storage slots: amount and time packed, then the score.
    struct CreditLine {
        uint128 amount;
        uint64 grantedAt;
        int256 score;
    }

    error InvalidSignature();
    error UntrustedAttester(address signer);
    error WrongBorrower(address attested, address sender);
    error AttestationExpired(uint256 expiry, uint256 timestamp);
    error NonceUsed(address borrower, uint256 nonce);
    error VkDigestMismatch(bytes32 attested, bytes32 expected);
    error BadPublicInputs(uint256 length);
    error InputHashMismatch(bytes32 attested, uint256 inProof);
    error InvalidProof();
    error ScoreBelowThreshold(int256 score, int256 threshold);

    event CreditApproved(address indexed borrower, int256 score, uint128 amount, uint256 nonce, bytes32 inputHash);

    /// BN254's scalar field order: public inputs are field elements below it.
    uint256 internal constant R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;
    /// secp256k1's order / 2: a larger s is the malleable twin of a valid signature.
    uint256 internal constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(address borrower,bytes32 inputHash,bytes32 vkDigest,uint256 nonce,uint256 expiry)"
    );
    bytes32 internal constant NAME_HASH = keccak256("zkinfer CreditGate");
    bytes32 internal constant VERSION_HASH = keccak256("1");

    IZkinferVerifier public immutable verifier;
    address public immutable provider;
    int256 public immutable threshold; // fixed-point, at the model's output scale
    bytes32 public immutable vkDigest;
    uint256 public immutable hashIndex; // public-input index of the input hash
    uint256 public immutable scoreIndex; // public-input index of the score
    uint128 public immutable creditAmount; // the credit line granted on approval

    uint256 private immutable cachedChainId;
    bytes32 private immutable cachedDomainSeparator;

    mapping(address => mapping(uint256 => bool)) public nonceUsed;
    mapping(address => CreditLine) public creditLines;

    constructor(
        IZkinferVerifier verifier_,
        address provider_,
        int256 threshold_,
        bytes32 vkDigest_,
        uint256 hashIndex_,
        uint256 scoreIndex_,
        uint128 creditAmount_
    ) {
        verifier = verifier_;
        provider = provider_;
        threshold = threshold_;
        vkDigest = vkDigest_;
        hashIndex = hashIndex_;
        scoreIndex = scoreIndex_;
        creditAmount = creditAmount_;
        cachedChainId = block.chainid;
        cachedDomainSeparator = _domainSeparator();
    }

    /// The EIP-712 domain separator for this chain and this contract.
    function domainSeparator() public view returns (bytes32) {
        return block.chainid == cachedChainId ? cachedDomainSeparator : _domainSeparator();
    }

    /// The digest the provider signs for `att` (EIP-712: 0x1901 ‖ domainSeparator ‖ hashStruct).
    function attestationDigest(Attestation calldata att) public view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(ATTESTATION_TYPEHASH, att.borrower, att.inputHash, att.vkDigest, att.nonce, att.expiry)
        );
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), structHash));
    }

    /// A field element as the signed integer it encodes: values above (r - 1) / 2 are v - r.
    function decodeSigned(uint256 v) public pure returns (int256) {
        return v > R / 2 ? -int256(R - v) : int256(v);
    }

    /// Grants msg.sender a credit line for a valid proof of a high enough score on attested
    /// features. `signature` is the provider's 65-byte r ‖ s ‖ v (v = 27 or 28, low s).
    function requestCredit(
        bytes calldata proof,
        uint256[] calldata publicInputs,
        Attestation calldata att,
        bytes calldata signature
    ) external {
        address signer = _recover(attestationDigest(att), signature);
        if (signer != provider) revert UntrustedAttester(signer);
        if (att.borrower != msg.sender) revert WrongBorrower(att.borrower, msg.sender);
        if (block.timestamp > att.expiry) revert AttestationExpired(att.expiry, block.timestamp);
        if (nonceUsed[msg.sender][att.nonce]) revert NonceUsed(msg.sender, att.nonce);
        nonceUsed[msg.sender][att.nonce] = true;
        if (att.vkDigest != vkDigest) revert VkDigestMismatch(att.vkDigest, vkDigest);
        if (publicInputs.length <= hashIndex || publicInputs.length <= scoreIndex) {
            revert BadPublicInputs(publicInputs.length);
        }
        if (uint256(att.inputHash) != publicInputs[hashIndex]) {
            revert InputHashMismatch(att.inputHash, publicInputs[hashIndex]);
        }
        if (!_verify(proof, publicInputs)) revert InvalidProof();
        int256 score = decodeSigned(publicInputs[scoreIndex]);
        if (score < threshold) revert ScoreBelowThreshold(score, threshold);

        creditLines[msg.sender] = CreditLine(creditAmount, uint64(block.timestamp), score);
        emit CreditApproved(msg.sender, score, creditAmount, att.nonce, att.inputHash);
    }

    function _domainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    /// ecrecover with the checks it lacks: 65 bytes, v in {27, 28}, low s, a recovered key.
    function _recover(bytes32 digest, bytes calldata sig) private pure returns (address) {
        if (sig.length != 65) revert InvalidSignature();
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (uint256(s) > HALF_N || (v != 27 && v != 28)) revert InvalidSignature();
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature();
        return signer;
    }

    /// The verifier's verdict; a revert or anything but a 32-byte 1 counts as false.
    function _verify(bytes calldata proof, uint256[] calldata publicInputs) private view returns (bool) {
        (bool ok, bytes memory ret) =
            address(verifier).staticcall(abi.encodeCall(IZkinferVerifier.verifyProof, (proof, publicInputs)));
        return ok && ret.length == 32 && uint256(bytes32(ret)) == 1;
    }
}
