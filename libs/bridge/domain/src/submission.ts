import type { TaskSource } from '@corex/events';
import { ValidationError } from '@corex/platform';
import { keccak256, toUtf8Bytes } from 'ethers';
import { bridgeChain, type BridgeChain } from './chains';
import { bridgeErrorCodes, type BridgeErrorCode } from './errors';

/** Largest spec a TaskPortal accepts (issue 14's TaskSubmitted payload), in UTF-8 bytes. */
export const MAX_SPEC_BYTES = 4096;

/**
 * A task from a verified source: the adapter has already checked the VAA (guardians, emitter,
 * replay) or parsed the Solana escrow transfer; the decider judges what the task asks for.
 */
export interface SubmitCrossChainTask {
  kind: 'SubmitCrossChainTask';
  taskId: string;
  /** Chain name or Wormhole chain id of the origin. */
  originChain: string | number;
  source: TaskSource;
  submitter: string;
  token: string;
  /** Escrowed amount in 18-decimal wei (a Solana amount already scaled). */
  escrow: bigint;
  specHash: string;
  /** The job spec (UTF-8 JSON); absent when only its hash travelled (Solana memo). */
  spec?: string;
  /** The account the job is charged to. */
  accountId: string;
  /** What the network accepts from this origin: its escrow token(s) and the least escrow. */
  policy: { tokens: readonly string[]; minEscrow: bigint };
  now: Date;
}

export interface Rejection {
  code: BridgeErrorCode;
  reason: string;
}

/**
 * The job a cross-chain task becomes: derived from origin and task id, so a rescan names the same
 * job. A hex id loses its 0x and its case; a base58 id (Solana) keeps its case, which is significant.
 */
export function crossChainJobId(wormholeChainId: number, taskId: string): string {
  const id = /^0x[0-9a-fA-F]{64}$/.test(taskId) ? taskId.slice(2).toLowerCase() : taskId;
  return `xc-${wormholeChainId}-${id}`;
}

/** An account as one comparable string: EVM addresses widened to Wormhole's 32 bytes, hex lower-cased. */
export function universalAccount(account: string): string {
  if (/^0x[0-9a-fA-F]{40}$/.test(account)) return `0x${'0'.repeat(24)}${account.slice(2).toLowerCase()}`;
  return /^0x[0-9a-fA-F]{64}$/.test(account) ? account.toLowerCase() : account;
}

/** keccak256 of the spec's UTF-8 bytes, as TaskPortal computes specHash. */
export function specHashOf(spec: string): string {
  return keccak256(toUtf8Bytes(spec));
}

/**
 * The origin chain, and why the task is refused if it is: a token the network does not take, a
 * spec too large or not matching its hash, an escrow below the minimum. An origin the bridge does
 * not serve is an error (BRIDGE.UNKNOWN_CHAIN): there is no chain to send a refund to.
 */
export function checkSubmission(command: SubmitCrossChainTask): { chain: BridgeChain; rejection?: Rejection } {
  const chain = bridgeChain(command.originChain);
  if (!chain) throw new ValidationError(bridgeErrorCodes.UNKNOWN_CHAIN, `the bridge does not serve chain ${command.originChain}`);
  return { chain, rejection: firstRejection(command) };
}

function firstRejection({ token, spec, specHash, escrow, policy }: SubmitCrossChainTask): Rejection | undefined {
  if (!policy.tokens.some((t) => universalAccount(t) === universalAccount(token))) {
    return { code: bridgeErrorCodes.UNSUPPORTED_TOKEN, reason: `token ${token} is not the escrow token of this chain` };
  }
  if (spec !== undefined) {
    const bytes = toUtf8Bytes(spec).length;
    if (bytes > MAX_SPEC_BYTES) return { code: bridgeErrorCodes.SPEC_TOO_LARGE, reason: `spec of ${bytes} bytes; at most ${MAX_SPEC_BYTES}` };
    if (specHashOf(spec) !== specHash.toLowerCase()) {
      return { code: bridgeErrorCodes.SPEC_HASH_MISMATCH, reason: `keccak256 of the spec is ${specHashOf(spec)}, the task says ${specHash}` };
    }
  }
  if (escrow < policy.minEscrow) {
    return { code: bridgeErrorCodes.ESCROW_TOO_LOW, reason: `escrow ${escrow} wei is below the minimum ${policy.minEscrow} wei` };
  }
  return undefined;
}
