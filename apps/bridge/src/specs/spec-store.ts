import { BlobReader, blobBucketName, type EventLog } from '@corex/eventstore';
import { CorexError, ValidationError } from '@corex/platform';
import { keccak256 } from 'ethers';
import { MAX_SPEC_BYTES } from '@corex/bridge-domain';

export const SPEC_HASH = /^0x[0-9a-f]{64}$/;

/** A spec larger than a TaskSubmitted payload may carry (413). */
export class SpecTooLargeError extends CorexError {
  readonly status = 413;
}

/**
 * Task specs by keccak256 (Solana tasks carry only the hash in their memo): content-addressed in the
 * event log's blob store under `bridge-spec-<hash>`, refused unless the bytes hash to the name.
 */
export class SpecStore {
  private reader?: Promise<BlobReader>;

  constructor(
    private readonly log: EventLog,
    private readonly prefix: string,
  ) {}

  /** Stores the spec under its hash; false when it was there already. */
  async put(hash: string, bytes: Uint8Array): Promise<boolean> {
    const name = this.nameOf(hash);
    if (bytes.length === 0 || bytes.length > MAX_SPEC_BYTES) throw new SpecTooLargeError('BRIDGE.SPEC_TOO_LARGE', `a spec holds 1..${MAX_SPEC_BYTES} bytes, not ${bytes.length}`);
    if (keccak256(bytes) !== hash) throw new ValidationError('BRIDGE.SPEC_HASH_MISMATCH', `keccak256 of the body is ${keccak256(bytes)}, not ${hash}`);
    if (await this.get(hash)) return false;
    await (await this.log.blobs()).putNamedChunk(name, bytes);
    return true;
  }

  /** The spec stored under the hash (verified), or undefined. */
  async get(hash: string): Promise<string | undefined> {
    await this.log.blobs();
    const found = await (await (this.reader ??= BlobReader.open(this.log.nc, blobBucketName(this.prefix)))).namedChunk(this.nameOf(hash));
    if (!found || keccak256(found.bytes) !== hash) return undefined;
    return Buffer.from(found.bytes).toString('utf8');
  }

  private nameOf(hash: string): string {
    if (!SPEC_HASH.test(hash)) throw new ValidationError('BRIDGE.SPEC_HASH_INVALID', 'a spec hash is 0x and 64 lower-case hex digits');
    return `bridge-spec-${hash.slice(2)}`;
  }
}
