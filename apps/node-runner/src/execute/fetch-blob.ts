import { BlobHashMismatchError, type BlobStore } from '@corex/eventstore';
import { SealedBlobError } from '@corex/node-protocol';
import { NotFoundError, ValidationError } from '@corex/platform';

/** What the executor needs of the blob store: content-addressed get and put. */
export type BlobAccess = Pick<BlobStore, 'get' | 'put'>;

/** Which part of a task a blob is, for error messages. */
export type BlobRole = 'graph' | 'weights' | 'input' | 'aux';

/** The verified bytes of a task's blob, or a coded error saying which blob is missing or corrupt. */
export async function fetchBlob(blobs: BlobAccess, sha256: string, role: BlobRole): Promise<Uint8Array> {
  let bytes: Uint8Array | null;
  try {
    bytes = await blobs.get(sha256);
  } catch (err) {
    if (err instanceof BlobHashMismatchError) {
      throw new ValidationError('RUNNER.BLOB_CORRUPT', `${role} blob ${sha256} does not hash to its name (got ${err.actual})`, {
        role,
        sha256,
      });
    }
    if (err instanceof SealedBlobError) {
      throw new ValidationError('RUNNER.BLOB_CORRUPT', `${role} blob ${sha256}: ${err.message}`, { role, sha256 });
    }
    throw err;
  }
  if (!bytes) throw new NotFoundError('RUNNER.BLOB_MISSING', `${role} blob ${sha256} is not in the blob store`, { role, sha256 });
  return bytes;
}
