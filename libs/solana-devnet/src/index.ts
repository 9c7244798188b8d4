/**
 * @corex/solana-devnet: a LiteSVM-backed Solana JSON-RPC devnet, and Corex on Solana (CXT SPL mint, escrow, task
 * payments Solana Pay style, status memos, rewards and escrow payouts) written against @solana/kit's RPC client, so the
 * same code runs against the devnet or a real cluster.
 */
export { startSolanaDevnet, type SolanaDevnet, type SolanaDevnetOptions } from './server/rpc-server';
export { DevnetChain, BLOCKHASH_VALIDITY, type LandedTransaction } from './server/devnet-chain';
export { RpcError, RPC_ERROR } from './server/rpc-error';
export { CXT_DECIMALS, MEMO_PROGRAM_ADDRESS, authorityFromSeed, type CorexSolanaDeployment } from './corex/deployment';
export { sendInstructions, sendOrThrow, waitForSignature, airdrop, type SolanaRpc, type SentTransaction, type SendOptions } from './corex/send';
export { setupCorexSolana, associatedTokenAddress, type SetupOptions } from './corex/setup';
export { ensureCorexSolana, loadCorexSolanaKeys, type CorexSolanaKeyFile } from './corex/key-file';
export { TASK_MEMO_PREFIX, STATUS_MEMO_PREFIX, STATUS_MEMO_V1_PREFIX, bytes32Hex, memoInstruction, memosOf, type JsonMessage, type JsonTransaction } from './corex/memos';
export { buildTaskTransfer, submitTaskTransfer, type TaskTransferInput } from './corex/task-transfer';
export {
  parseTaskTransfer,
  type SolanaTask,
  type SolanaRejection,
  type SolanaRejectionCode,
  type ParsedTaskTransfer,
  type ParseOptions,
} from './corex/task-parse';
export { signaturesOldestFirst, fetchJsonTransaction, type HistoryOptions } from './corex/history';
export { findTaskTransfers, type TaskScan, type FindOptions } from './corex/task-find';
export { sendStatusMemo, readStatusMemos, parseStatusMemo, SOLANA_TASK_STATUSES, SOLANA_TASK_VERIFICATIONS, type SolanaTaskStatus, type SolanaTaskVerification, type StatusMemo } from './corex/status-memo';
export { mintReward, transferFromEscrow, type EscrowPayout } from './corex/escrow';
