import { readFile } from 'node:fs/promises';
import { encodeUser, fromSeed } from '@nats-io/jwt';
import { nodePermissions } from './permissions';

/** The scheduler's key material for issuing node users (`keys/node-issuer.json`, mode 0600). */
export interface NodeIssuerKeys {
  /** The COREX account's public key: the users' `issuer_account`. */
  account: string;
  /** Seed of one of the account's signing keys. */
  signingSeed: string;
}

export interface IssuedNodeUser {
  jwt: string;
  expiresAt: Date;
}

/**
 * Issues each node a NATS user of its own at join: subject = node id (its user nkey, whose seed
 * only the node holds, so the JWT alone authenticates nobody), signed by the account's signing
 * key, with the node permissions and an expiry. Every join issues a fresh one.
 */
export class NodeUserIssuer {
  constructor(
    private readonly keys: NodeIssuerKeys,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    if (!keys.account.startsWith('A')) throw new Error('node issuer: account must be an account public key (A…)');
    fromSeed(new TextEncoder().encode(keys.signingSeed)); // fails early on a bad seed
  }

  static async fromFile(file: string, prefix: string, ttlMs: number): Promise<NodeUserIssuer> {
    const keys = JSON.parse(await readFile(file, 'utf8')) as NodeIssuerKeys;
    return new NodeUserIssuer(keys, prefix, ttlMs);
  }

  async issue(nodeId: string, now: Date = new Date()): Promise<IssuedNodeUser> {
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const signer = fromSeed(new TextEncoder().encode(this.keys.signingSeed));
    try {
      const jwt = await encodeUser(nodeId, nodeId, this.keys.account, nodePermissions(this.prefix, nodeId), {
        signer,
        exp: Math.floor(expiresAt.getTime() / 1000),
      });
      return { jwt, expiresAt };
    } finally {
      signer.clear();
    }
  }
}
