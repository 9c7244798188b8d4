import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keccak256, toUtf8Bytes, zeroPadValue } from 'ethers';
import { decodePayload, encodePayload, encodeTaskStatus, encodeTaskSubmitted, MAX_SPEC_BYTES, PayloadFormatError, taskIdOf, type BridgePayload } from './payloads';

const FIXTURES = join(__dirname, '../../../docs/fixtures/bridge');

interface Fixture {
  hex: string;
  decoded: Record<string, unknown>;
  taskIdPreimage?: { wormholeChainId: number; portal: string; taskNonce: string };
}

const fixture = (name: string): Fixture => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
/** JSON keeps u256 fields as decimal strings. */
const revive = (decoded: Record<string, unknown>): BridgePayload =>
  Object.fromEntries(Object.entries(decoded).map(([k, v]) => [k, k === 'escrow' || k === 'amount' ? BigInt(v as string) : v])) as unknown as BridgePayload;

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof PayloadFormatError) return err.code;
    throw err;
  }
  throw new Error('did not throw');
};

const zero32 = zeroPadValue('0x', 32);
const status = { targetChain: 4, taskId: zero32, status: 3, verification: 1, resultHash: zero32, weightsHash: zero32 };

describe('Corex bridge payloads', () => {
  it.each(['task-submitted', 'task-status', 'token-transfer'])('decodes the golden %s bytes to its fields and encodes the fields back to the same bytes', (name) => {
    const { hex, decoded } = fixture(name);
    expect(decodePayload(hex)).toEqual(revive(decoded));
    expect(encodePayload(revive(decoded))).toBe(hex);
  });

  it('derives the golden taskId from the chain, portal and nonce as the TaskPortal does', () => {
    const { taskIdPreimage: p, decoded } = fixture('task-submitted');
    expect(taskIdOf(p!.wormholeChainId, p!.portal, BigInt(p!.taskNonce))).toBe(decoded.taskId);
  });

  it('refuses a truncated or overlong fixed-size payload with PAYLOAD.MALFORMED', () => {
    const hex = fixture('token-transfer').hex;
    expect(codeOf(() => decodePayload(hex.slice(0, -2)))).toBe('PAYLOAD.MALFORMED');
    expect(codeOf(() => decodePayload(`${hex}00`))).toBe('PAYLOAD.MALFORMED');
    expect(codeOf(() => decodePayload('0x01'))).toBe('PAYLOAD.MALFORMED');
    expect(codeOf(() => decodePayload(fixture('task-submitted').hex.slice(0, 2 + 2 * 100)))).toBe('PAYLOAD.MALFORMED');
  });

  it('refuses unknown types and versions with their own codes', () => {
    expect(codeOf(() => decodePayload(`0x0901${'00'.repeat(100)}`))).toBe('PAYLOAD.UNKNOWN_TYPE');
    expect(codeOf(() => decodePayload(`0x0202${fixture('task-status').hex.slice(6)}`))).toBe('PAYLOAD.UNSUPPORTED_VERSION');
  });

  it('refuses a TaskSubmitted whose spec does not hash to specHash, is too large or is not UTF-8', () => {
    const base = { taskId: zero32, submitter: zero32, token: zero32, escrow: 1n };
    expect(codeOf(() => decodePayload(encodeTaskSubmitted({ ...base, spec: '{}', specHash: keccak256(toUtf8Bytes('{ }')) })))).toBe('PAYLOAD.SPEC_HASH_MISMATCH');
    expect(codeOf(() => encodeTaskSubmitted({ ...base, spec: 'x'.repeat(MAX_SPEC_BYTES + 1) }))).toBe('PAYLOAD.SPEC_TOO_LARGE');
    const notUtf8 = encodeTaskSubmitted({ ...base, spec: '', specHash: keccak256('0xff') }) + 'ff';
    expect(codeOf(() => decodePayload(notUtf8))).toBe('PAYLOAD.MALFORMED');
  });

  it('refuses a TaskStatus with a status or verification outside the plan', () => {
    expect(codeOf(() => decodePayload(encodeTaskStatus({ ...status, status: 6 })))).toBe('PAYLOAD.MALFORMED');
    expect(codeOf(() => decodePayload(encodeTaskStatus({ ...status, status: 0 })))).toBe('PAYLOAD.MALFORMED');
    expect(codeOf(() => decodePayload(encodeTaskStatus({ ...status, verification: 3 })))).toBe('PAYLOAD.MALFORMED');
  });
});
