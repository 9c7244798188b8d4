/**
 * @corex/sdk: a dApp's TypeScript client of Corex. Submit a compute task from Ethereum, BSC, Arbitrum or Solana, follow
 * its status on that chain and read its hash-checked result, without handling Wormhole.
 */
export { CorexClient, type TaskRequest, type EvmTaskRequest, type SolanaTaskRequest, type SubmittedTask, type TaskResult } from './client';
export { SDK_CHAINS, type ChainName, type EvmChainName, type CorexClientConfig, type EvmChainConfig, type SolanaChainConfig } from './chains';
export { configFromNetwork, fetchNetwork, type NetworkDescription, type NetworkChainDescription, type NetworkClientOptions } from './network';
export { SdkError, isSdkError, type SdkErrorCode } from './errors';
export { encodeSpec, MAX_SPEC_BYTES, type TaskSpec } from './spec';
export { TASK_STATUS_NAMES, TERMINAL_STATUSES, isTerminal, type TaskView, type TaskStatusName, type VerificationName } from './task';
export type { EvmSubmitted } from './evm';
export type { SolanaSubmitted } from './solana';
export type { WaitOptions, WaitTarget } from './wait';
