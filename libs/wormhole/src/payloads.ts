import { concat, getBytes, hexlify, keccak256, solidityPacked, toBeHex, toUtf8Bytes, zeroPadValue } from 'ethers';
import { ValidationError } from '@corex/platform';

/**
 * Corex bridge payloads (docs: /work/notes/issue14.md, contracts/bridge/BridgeMessages.sol): big-endian,
 * fixed layout in Solidity `abi.encodePacked` order, each starting `type u8 · version u8`. Byte fields
 * (ids, universal addresses, hashes) are lowercase 0x-hex of 32 bytes; amounts are bigint wei.
 */
export const PAYLOAD_VERSION = 1;
export const PAYLOAD_TYPE = { TaskSubmitted: 1, TaskStatus: 2, TokenTransfer: 3 } as const;
/** TaskStatus.status: accepted < running < terminal (completed, failed, cancelled). */
export const TASK_STATUS = { accepted: 1, running: 2, completed: 3, failed: 4, cancelled: 5 } as const;
export const VERIFICATION = { none: 0, passed: 1, failed: 2 } as const;
/** Longest job spec a TaskSubmitted carries (UTF-8 bytes). */
export const MAX_SPEC_BYTES = 4096;

export type PayloadErrorCode = 'PAYLOAD.MALFORMED' | 'PAYLOAD.UNKNOWN_TYPE' | 'PAYLOAD.UNSUPPORTED_VERSION' | 'PAYLOAD.SPEC_HASH_MISMATCH' | 'PAYLOAD.SPEC_TOO_LARGE';

/** Bytes that are not a Corex payload; `code` says why. */
export class PayloadFormatError extends ValidationError {
  declare readonly code: PayloadErrorCode;
  constructor(code: PayloadErrorCode, message: string) {
    super(code, message);
  }
}

export interface TaskSubmitted {
  kind: 'TaskSubmitted';
  taskId: string;
  submitter: string;
  token: string;
  escrow: bigint;
  specHash: string;
  /** The UTF-8 JSON job spec. */
  spec: string;
}

export interface TaskStatus {
  kind: 'TaskStatus';
  targetChain: number;
  taskId: string;
  status: number;
  verification: number;
  resultHash: string;
  weightsHash: string;
}

export interface TokenTransfer {
  kind: 'TokenTransfer';
  transferId: string;
  targetChain: number;
  recipient: string;
  amount: bigint;
  /** Zero for a plain transfer, the node's id for a reward. */
  nodeId: string;
}

export type BridgePayload = TaskSubmitted | TaskStatus | TokenTransfer;

const TASK_SUBMITTED_FIXED = 2 + 32 * 5;
const TASK_STATUS_BYTES = 2 + 2 + 32 + 1 + 1 + 32 + 32;
const TOKEN_TRANSFER_BYTES = 2 + 32 + 2 + 32 + 32 + 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** taskId = keccak256(abi.encodePacked(uint16 wormholeChainId, address portal, uint64 taskNonce)). */
export function taskIdOf(wormholeChainId: number, portal: string, taskNonce: bigint): string {
  return keccak256(solidityPacked(['uint16', 'address', 'uint64'], [wormholeChainId, portal, taskNonce]));
}

const b32 = (value: string) => zeroPadValue(value, 32);
const header = (type: number) => concat([toBeHex(type, 1), toBeHex(PAYLOAD_VERSION, 1)]);

/** Encodes a TaskSubmitted; `specHash` is computed from `spec` when absent. */
export function encodeTaskSubmitted(p: Omit<TaskSubmitted, 'kind' | 'specHash'> & { specHash?: string }): string {
  const spec = toUtf8Bytes(p.spec);
  if (spec.length > MAX_SPEC_BYTES) throw new PayloadFormatError('PAYLOAD.SPEC_TOO_LARGE', `spec has ${spec.length} bytes, at most ${MAX_SPEC_BYTES}`);
  return concat([header(PAYLOAD_TYPE.TaskSubmitted), b32(p.taskId), b32(p.submitter), b32(p.token), toBeHex(p.escrow, 32), p.specHash ?? keccak256(spec), spec]);
}

export function encodeTaskStatus(p: Omit<TaskStatus, 'kind'>): string {
  return concat([header(PAYLOAD_TYPE.TaskStatus), toBeHex(p.targetChain, 2), b32(p.taskId), toBeHex(p.status, 1), toBeHex(p.verification, 1), b32(p.resultHash), b32(p.weightsHash)]);
}

export function encodeTokenTransfer(p: Omit<TokenTransfer, 'kind'>): string {
  return concat([header(PAYLOAD_TYPE.TokenTransfer), b32(p.transferId), toBeHex(p.targetChain, 2), b32(p.recipient), toBeHex(p.amount, 32), b32(p.nodeId)]);
}

export function encodePayload(p: BridgePayload): string {
  if (p.kind === 'TaskSubmitted') return encodeTaskSubmitted(p);
  if (p.kind === 'TaskStatus') return encodeTaskStatus(p);
  return encodeTokenTransfer(p);
}

/** Decodes any Corex payload (bytes or 0x-hex); throws PayloadFormatError on anything else. */
export function decodePayload(input: Uint8Array | string): BridgePayload {
  const bytes = typeof input === 'string' ? getBytes(input) : input;
  if (bytes.length < 2) throw new PayloadFormatError('PAYLOAD.MALFORMED', `payload has ${bytes.length} bytes, no type and version`);
  if (bytes[1] !== PAYLOAD_VERSION) throw new PayloadFormatError('PAYLOAD.UNSUPPORTED_VERSION', `payload version ${bytes[1]} is not ${PAYLOAD_VERSION}`);
  const r = new Reader(bytes);
  switch (bytes[0]) {
    case PAYLOAD_TYPE.TaskSubmitted:
      return decodeTaskSubmitted(r);
    case PAYLOAD_TYPE.TaskStatus:
      r.exactly(TASK_STATUS_BYTES, 'TaskStatus');
      return checkedStatus({ kind: 'TaskStatus', targetChain: r.uint(2), taskId: r.b32(), status: r.uint(1), verification: r.uint(1), resultHash: r.b32(), weightsHash: r.b32() });
    case PAYLOAD_TYPE.TokenTransfer:
      r.exactly(TOKEN_TRANSFER_BYTES, 'TokenTransfer');
      return { kind: 'TokenTransfer', transferId: r.b32(), targetChain: r.uint(2), recipient: r.b32(), amount: r.u256(), nodeId: r.b32() };
    default:
      throw new PayloadFormatError('PAYLOAD.UNKNOWN_TYPE', `payload type ${bytes[0]} is not a Corex payload`);
  }
}

function decodeTaskSubmitted(r: Reader): TaskSubmitted {
  if (r.bytes.length < TASK_SUBMITTED_FIXED) throw new PayloadFormatError('PAYLOAD.MALFORMED', `TaskSubmitted needs at least ${TASK_SUBMITTED_FIXED} bytes, has ${r.bytes.length}`);
  const fixed = { taskId: r.b32(), submitter: r.b32(), token: r.b32(), escrow: r.u256(), specHash: r.b32() };
  const specBytes = r.rest();
  if (specBytes.length > MAX_SPEC_BYTES) throw new PayloadFormatError('PAYLOAD.SPEC_TOO_LARGE', `spec has ${specBytes.length} bytes, at most ${MAX_SPEC_BYTES}`);
  if (keccak256(specBytes) !== fixed.specHash) throw new PayloadFormatError('PAYLOAD.SPEC_HASH_MISMATCH', `specHash ${fixed.specHash} is not keccak256 of the spec`);
  let spec: string;
  try {
    spec = utf8.decode(specBytes);
  } catch {
    throw new PayloadFormatError('PAYLOAD.MALFORMED', 'TaskSubmitted spec is not UTF-8');
  }
  return { kind: 'TaskSubmitted', ...fixed, spec };
}

function checkedStatus(p: TaskStatus): TaskStatus {
  if (p.status < TASK_STATUS.accepted || p.status > TASK_STATUS.cancelled) throw new PayloadFormatError('PAYLOAD.MALFORMED', `task status ${p.status} is not 1..5`);
  if (p.verification > VERIFICATION.failed) throw new PayloadFormatError('PAYLOAD.MALFORMED', `verification ${p.verification} is not 0..2`);
  return p;
}

/** Reads the fields after `type · version`. */
class Reader {
  private at = 2;
  constructor(readonly bytes: Uint8Array) {}
  exactly(length: number, what: string): void {
    if (this.bytes.length !== length) throw new PayloadFormatError('PAYLOAD.MALFORMED', `${what} has ${this.bytes.length} bytes, not ${length}`);
  }
  uint(size: number): number {
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + this.bytes[this.at + i]!;
    this.at += size;
    return value;
  }
  b32(): string {
    return hexlify(this.take(32));
  }
  u256(): bigint {
    return BigInt(this.b32());
  }
  rest(): Uint8Array {
    return this.take(this.bytes.length - this.at);
  }
  private take(n: number): Uint8Array {
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}
