import { keccak256, toUtf8Bytes } from 'ethers';
import { SdkError } from './errors';

/** Longest spec a TaskSubmitted carries, in UTF-8 bytes (the portals refuse longer ones). */
export const MAX_SPEC_BYTES = 4096;

/** A job spec: the marketplace's job request body ({type, model, dataset, budget, params}), as JSON text or an object. */
export type TaskSpec = string | Record<string, unknown>;

/** The spec's UTF-8 bytes and their keccak256 (the specHash every chain records). */
export function encodeSpec(spec: TaskSpec): { bytes: Uint8Array; specHash: string } {
  let text: string | undefined;
  try {
    text = typeof spec === 'string' ? spec : JSON.stringify(spec);
  } catch (error) {
    throw new SdkError('SDK.INVALID_SPEC', `the spec is not JSON-serialisable: ${(error as Error).message}`);
  }
  const bytes = toUtf8Bytes(text ?? '');
  if (bytes.length === 0 || bytes.length > MAX_SPEC_BYTES) throw new SdkError('SDK.INVALID_SPEC', `the spec has ${bytes.length} UTF-8 bytes: 1 to ${MAX_SPEC_BYTES}`);
  return { bytes, specHash: keccak256(bytes) };
}
