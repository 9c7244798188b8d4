import { getBase58Decoder, getUtf8Encoder, type Address } from '@solana/kit';
import { getTransferCheckedInstructionDataEncoder, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import { MEMO_PROGRAM_ADDRESS, type CorexSolanaDeployment } from './deployment';
import type { JsonTransaction } from './memos';
import { parseTaskTransfer } from './task-parse';

const key = (n: number) => getBase58Decoder().decode(new Uint8Array(32).fill(n)) as Address;
const [payer, source, mint, escrow, reference, authority] = [1, 2, 3, 4, 5, 6].map(key);
const deployment: CorexSolanaDeployment = { authority, mint, escrow, decimals: 9 };
const SPEC = 'ab'.repeat(32);
// accountKeys: payer (signer), source, escrow (writable), mint, reference, token program, memo program (read-only).
const accountKeys = [payer, source, escrow, mint, reference, TOKEN_PROGRAM_ADDRESS, MEMO_PROGRAM_ADDRESS];
const base58 = (bytes: ArrayLike<number>) => getBase58Decoder().decode(new Uint8Array(Array.from(bytes)));
const transferData = (amount: bigint) => base58(getTransferCheckedInstructionDataEncoder().encode({ amount, decimals: 9 }));
const transfer = (amount = 5n, accounts = [1, 3, 2, 0, 4]) => ({ programIdIndex: 5, accounts, data: transferData(amount) });
const memo = (text = `corex:task:v1:${SPEC}`) => ({ programIdIndex: 6, accounts: [], data: base58(getUtf8Encoder().encode(text)) });

function tx(instructions: JsonTransaction['transaction']['message']['instructions'], err: unknown = null): JsonTransaction {
  const header = { numRequiredSignatures: 1, numReadonlySignedAccounts: 0, numReadonlyUnsignedAccounts: 4 };
  return { slot: 7n, blockTime: 1n, meta: { err }, transaction: { signatures: ['sig'], message: { accountKeys, header, instructions } } };
}
const codeOf = (parsed: ReturnType<typeof parseTaskTransfer>) => (parsed.ok ? 'OK' : parsed.rejection.code);

describe('parseTaskTransfer', () => {
  it('reads a memo plus a TransferChecked into the escrow carrying one reference as a task', () => {
    expect(parseTaskTransfer(tx([memo(), transfer()]), deployment)).toEqual({
      ok: true,
      task: { taskId: reference, payer, source, amount: 5n, specHash: `0x${SPEC}`, signature: 'sig', slot: 7n, blockTime: 1n },
    });
  });

  it('rejects a transaction without a TransferChecked, or with two', () => {
    expect(codeOf(parseTaskTransfer(tx([memo()]), deployment))).toBe('SOLANA.NO_TRANSFER');
    expect(codeOf(parseTaskTransfer(tx([memo(), transfer(), transfer()]), deployment))).toBe('SOLANA.MULTIPLE_TRANSFERS');
  });

  it('rejects a zero or too small amount', () => {
    expect(codeOf(parseTaskTransfer(tx([memo(), transfer(0n)]), deployment))).toBe('SOLANA.WRONG_AMOUNT');
    expect(codeOf(parseTaskTransfer(tx([memo(), transfer(5n)]), deployment, { minAmount: 6n }))).toBe('SOLANA.WRONG_AMOUNT');
  });

  it('rejects a reference that is a signer or writable, two references, or another task id than the one looked up', () => {
    expect(codeOf(parseTaskTransfer(tx([memo(), transfer(5n, [1, 3, 2, 0, 0])]), deployment))).toBe('SOLANA.NO_REFERENCE');
    expect(codeOf(parseTaskTransfer(tx([memo(), transfer(5n, [1, 3, 2, 0, 2])]), deployment))).toBe('SOLANA.NO_REFERENCE');
    expect(codeOf(parseTaskTransfer(tx([memo(), transfer(5n, [1, 3, 2, 0, 4, 4])]), deployment))).toBe('SOLANA.NO_REFERENCE');
    expect(codeOf(parseTaskTransfer(tx([memo(), transfer()]), deployment, { reference: key(9) }))).toBe('SOLANA.WRONG_REFERENCE');
  });

  it('rejects a spec hash that is not 64 lowercase hex digits, and two task memos', () => {
    expect(codeOf(parseTaskTransfer(tx([memo(`corex:task:v1:${SPEC.toUpperCase()}`), transfer()]), deployment))).toBe('SOLANA.BAD_MEMO');
    expect(codeOf(parseTaskTransfer(tx([memo(), memo(), transfer()]), deployment))).toBe('SOLANA.BAD_MEMO');
  });

  it('rejects a failed transaction before looking at its instructions', () => {
    expect(codeOf(parseTaskTransfer(tx([memo(), transfer()], { InstructionError: [1, { Custom: 1 }] }), deployment))).toBe('SOLANA.FAILED_TX');
  });
});
