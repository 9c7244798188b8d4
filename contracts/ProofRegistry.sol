// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title ProofRegistry
/// @notice Per epoch, the Merkle root of the Proof-of-Compute records; and the model versions that
/// training jobs produce: each version's weights hash (sha256 of its weights blob), its parent
/// version, its step, its accuracy and the root of the Proof-of-Compute records of the fragments
/// that made it. Records are OpenZeppelin standard-tree leaves of
/// `(bytes32 jobId, bytes32 fragmentId, bytes32 nodeId, bytes32 leaseId, bytes32 resultHash)`, in
/// both the epoch roots and the version roots, so one record proves work paid in an epoch and its
/// contribution to a model version.
contract ProofRegistry is AccessControl {
    /// @notice The settlement service: anchors epoch roots and records models.
    bytes32 public constant ANCHOR_ROLE = keccak256("ANCHOR_ROLE");
    uint32 public constant MAX_ACCURACY_BPS = 10_000;

    /// @notice An anchored epoch: its root, how many records it holds, and when it was anchored.
    struct Anchor {
        bytes32 root;
        uint32 records;
        uint64 anchoredAt;
    }

    /// @notice A recorded model version.
    /// @dev `parent` is the weights hash the version was trained from (zero for fresh weights);
    /// `fragmentsRoot` the standard-tree root of its contributing fragments' records (zero when
    /// none was known, e.g. a job run without verification).
    struct Model {
        bytes32 jobId;
        bytes32 parent;
        bytes32 fragmentsRoot;
        uint32 step;
        uint32 accuracyBps;
        uint64 recordedAt;
    }

    /// @notice The last anchored epoch (0 before the first).
    uint64 public lastEpoch;
    mapping(uint64 epoch => Anchor) private _anchors;
    mapping(bytes32 weightsHash => Model) private _models;

    event EpochAnchored(uint64 indexed epoch, bytes32 root, uint32 records);
    event ModelRecorded(
        bytes32 indexed jobId,
        bytes32 indexed weightsHash,
        bytes32 indexed parent,
        uint32 step,
        uint32 accuracyBps,
        bytes32 fragmentsRoot
    );

    error ProofRegistryZeroAddress();
    error ProofRegistryEmptyRoot();
    error ProofRegistryEpochNotAfterLast(uint64 lastEpoch, uint64 given);
    error ProofRegistryModelAlreadyRecorded(bytes32 weightsHash);
    error ProofRegistryAccuracyOutOfRange(uint32 accuracyBps);
    error ProofRegistryEmptyWeightsHash();
    error ProofRegistryModelIsOwnParent(bytes32 weightsHash);

    /// @param admin receives DEFAULT_ADMIN_ROLE (the deployment hands it to the timelock)
    constructor(address admin) {
        if (admin == address(0)) revert ProofRegistryZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Anchors the Proof-of-Compute root of `epoch`, which must be after the last anchored one
    /// (epochs without records may be skipped).
    function anchorEpoch(uint64 epoch, bytes32 pocRoot, uint32 records) external onlyRole(ANCHOR_ROLE) {
        if (epoch <= lastEpoch) revert ProofRegistryEpochNotAfterLast(lastEpoch, epoch);
        if (pocRoot == bytes32(0)) revert ProofRegistryEmptyRoot();
        lastEpoch = epoch;
        _anchors[epoch] = Anchor(pocRoot, records, uint64(block.timestamp));
        emit EpochAnchored(epoch, pocRoot, records);
    }

    /// @notice Records a model version produced by training job `jobId`; each weights hash is recorded once.
    /// @param weightsHash sha256 of the version's serialized weights (non-zero)
    /// @param parentHash the weights the version was trained from (zero for fresh weights; never itself)
    /// @param step the training step (or federated round) that produced it: version number = step + 1
    /// @param accuracyBps the version's accuracy on its evaluation set, in basis points (≤ 10000)
    /// @param fragmentsRoot standard-tree root of the contributing fragments' Proof-of-Compute records (zero: none known)
    function recordModel(
        bytes32 jobId,
        bytes32 weightsHash,
        bytes32 parentHash,
        uint32 step,
        uint32 accuracyBps,
        bytes32 fragmentsRoot
    ) external onlyRole(ANCHOR_ROLE) {
        if (weightsHash == bytes32(0)) revert ProofRegistryEmptyWeightsHash();
        if (parentHash == weightsHash) revert ProofRegistryModelIsOwnParent(weightsHash);
        if (accuracyBps > MAX_ACCURACY_BPS) revert ProofRegistryAccuracyOutOfRange(accuracyBps);
        if (_models[weightsHash].recordedAt != 0) revert ProofRegistryModelAlreadyRecorded(weightsHash);
        _models[weightsHash] = Model(jobId, parentHash, fragmentsRoot, step, accuracyBps, uint64(block.timestamp));
        emit ModelRecorded(jobId, weightsHash, parentHash, step, accuracyBps, fragmentsRoot);
    }

    /// @notice The anchor of `epoch` (a zero root if none).
    function anchorOf(uint64 epoch) external view returns (Anchor memory) {
        return _anchors[epoch];
    }

    /// @notice The model recorded under `weightsHash` (recordedAt 0 if none).
    function modelOf(bytes32 weightsHash) external view returns (Model memory) {
        return _models[weightsHash];
    }

    /// @notice Whether the record is in the root anchored for `epoch`.
    function verifyRecord(
        uint64 epoch,
        bytes32 jobId,
        bytes32 fragmentId,
        bytes32 nodeId,
        bytes32 leaseId,
        bytes32 resultHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 root = _anchors[epoch].root;
        if (root == bytes32(0)) return false;
        return MerkleProof.verifyCalldata(proof, root, recordLeaf(jobId, fragmentId, nodeId, leaseId, resultHash));
    }

    /// @notice Whether the record (a fragment's Proof-of-Compute leaf, as in `recordLeaf`) is among
    /// the contributing fragments of the model version `weightsHash` of job `jobId`. False when the
    /// version is not recorded, belongs to another job, or has no fragments root.
    function verifyModelFragment(
        bytes32 weightsHash,
        bytes32 jobId,
        bytes32 fragmentId,
        bytes32 nodeId,
        bytes32 leaseId,
        bytes32 resultHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        Model storage model = _models[weightsHash];
        if (model.recordedAt == 0 || model.jobId != jobId || model.fragmentsRoot == bytes32(0)) return false;
        return MerkleProof.verifyCalldata(proof, model.fragmentsRoot, recordLeaf(jobId, fragmentId, nodeId, leaseId, resultHash));
    }

    /// @notice The standard-tree leaf of a Proof-of-Compute record.
    function recordLeaf(bytes32 jobId, bytes32 fragmentId, bytes32 nodeId, bytes32 leaseId, bytes32 resultHash)
        public
        pure
        returns (bytes32)
    {
        return keccak256(bytes.concat(keccak256(abi.encode(jobId, fragmentId, nodeId, leaseId, resultHash))));
    }
}
