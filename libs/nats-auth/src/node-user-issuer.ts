import { readFile } from 'node:fs/promises';
import { decode, encodeUser, fromSeed, type Account } from '@nats-io/jwt';

/** The scheduler's key material for issuing node users (`keys/node-issuer.json`, mode 0600). */
export interface NodeIssuerKeys {
  /** The COREX account's public key: the users' `issuer_account`. */
  account: string;
  /** Seed of the account's scoped node signing key (its template holds the node permissions). */
  signingSeed: string;
  /** The account JWT: proves the key is a scoped node key, not one whose users may do anything. */
  accountJwt: string;
}

export interface IssuedNodeUser {
  jwt: string;
  expiresAt: Date;
}

/**
 * Issues each node a NATS user of its own at join: subject = node id (its user nkey, whose seed
 * only the node holds, so the JWT alone authenticates nobody), signed by the account's scoped
 * node signing key, with an expiry. The user carries no permissions of its own: the server
 * applies the key's template (the node permissions with the user's subject filled in), and
 * refuses a user of a scoped key that claims any. Every join issues a fresh one.
 */
export class NodeUserIssuer {
  constructor(
    private readonly keys: NodeIssuerKeys,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    if (!keys.account.startsWith('A')) throw new Error('node issuer: account must be an account public key (A…)');
    const signer = fromSeed(new TextEncoder().encode(keys.signingSeed)).getPublicKey(); // fails early on a bad seed
    // A user without permissions signed by an unscoped key could do anything: refuse such a key.
    const account = decode<Account>(keys.accountJwt);
    const scoped = (account.nats.signing_keys ?? []).some((k) => typeof k !== 'string' && k.kind === 'user_scope' && k.key === signer && k.role === 'node');
    if (account.sub !== keys.account || !scoped) throw new Error(`node issuer: ${signer} is not a scoped node signing key of account ${keys.account}`);
  }

  static async fromFile(file: string, prefix: string, ttlMs: number): Promise<NodeUserIssuer> {
    const keys = JSON.parse(await readFile(file, 'utf8')) as NodeIssuerKeys;
    return new NodeUserIssuer(keys, prefix, ttlMs);
  }

  async issue(nodeId: string, now: Date = new Date()): Promise<IssuedNodeUser> {
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const signer = fromSeed(new TextEncoder().encode(this.keys.signingSeed));
    try {
      const jwt = await encodeUser(nodeId, nodeId, this.keys.account, {}, { signer, scopedUser: true, exp: Math.floor(expiresAt.getTime() / 1000) });
      return { jwt, expiresAt };
    } finally {
      signer.clear();
    }
  }
}
