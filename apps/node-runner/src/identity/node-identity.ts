import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createUser, fromSeed } from '@nats-io/nkeys';
import type { Logger } from '@corex/platform';

export const IDENTITY_FILE = 'identity.nk';

export interface NodeIdentity {
  /** Public user nkey (`U…`, 56 chars): the node's id on the network. */
  nodeId: string;
  /** The secret seed (`SU…`); never leaves this machine. */
  seed: string;
  path: string;
  created: boolean;
}

export class InvalidIdentityFileError extends Error {
  constructor(readonly file: string) {
    super(`${file} does not hold a node identity (an nkey user seed starting with SU)`);
  }
}

/** The node's ed25519 identity from `<home>/identity.nk` (mode 0600), created on first use. */
export async function loadOrCreateIdentity(home: string, logger: Logger): Promise<NodeIdentity> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const file = path.join(home, IDENTITY_FILE);
  const created = await createIfMissing(file);
  const seed = (await readFile(file, 'utf8')).trim();
  const nodeId = publicKeyOf(seed, file);
  const mode = (await stat(file)).mode & 0o777;
  if (mode & 0o077) {
    await chmod(file, 0o600);
    logger.warn({ file, mode: mode.toString(8) }, 'identity file was readable by others; restricted it to 0600');
  }
  return { nodeId, seed, path: file, created };
}

async function createIfMissing(file: string): Promise<boolean> {
  const key = createUser();
  try {
    // 'wx' fails if the file exists: two runners starting at once never overwrite each other's key.
    await writeFile(file, `${new TextDecoder().decode(key.getSeed())}\n`, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    key.clear();
  }
}

function publicKeyOf(seed: string, file: string): string {
  try {
    const key = fromSeed(new TextEncoder().encode(seed));
    const publicKey = key.getPublicKey();
    key.clear();
    if (!publicKey.startsWith('U')) throw new InvalidIdentityFileError(file);
    return publicKey;
  } catch {
    throw new InvalidIdentityFileError(file);
  }
}
