import { Interface } from 'ethers';

/** The TaskPortal functions and events the SDK uses (contracts/bridge/TaskPortal.sol). */
export const TASK_PORTAL_ABI = new Interface([
  'function submitTask(bytes spec, uint256 escrow) payable returns (bytes32 taskId, uint64 sequence)',
  'function taskOf(bytes32 taskId) view returns ((address submitter, uint8 status, uint8 verification, uint64 updatedAt, uint256 escrow, bytes32 resultHash, bytes32 weightsHash))',
  'function escrowToken() view returns (address)',
  'function core() view returns (address)',
  'event TaskSubmitted(bytes32 indexed taskId, address indexed submitter, uint256 escrow, bytes32 specHash, uint64 sequence)',
]);

/** The ERC-20 functions the SDK uses on the escrow token (CXT at home, CorexPeerToken elsewhere). */
export const ERC20_ABI = new Interface([
  'function balanceOf(address) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
]);

/** The Wormhole core's fee for a published message. */
export const WORMHOLE_CORE_ABI = new Interface(['function messageFee() view returns (uint256)']);
