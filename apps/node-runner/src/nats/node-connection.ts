import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { credsAuthenticator, jwtAuthenticator, type ConnectionOptions } from '@nats-io/nats-core';
import { JOIN_INBOX_PREFIX, nodeInboxPrefix } from '@corex/nats-auth';

/** What a node connects to NATS as: its id and seed, and the user JWT the network issued it at join (none on an open server). */
export interface NodeNatsAuth {
  nodeId: string;
  seed: string;
  jwt?: string;
}

/** The node's issued NATS user, kept beside its identity (mode 0600). */
export const NATS_USER_FILE = 'nats-user.jwt';

/**
 * Connection options of every connection a node makes after joining (main, heartbeat and
 * executor threads): its own user when it has one, and always its own inbox prefix, the only
 * inbox namespace its user may subscribe to.
 */
export function nodeConnectionOptions(auth: NodeNatsAuth): Partial<ConnectionOptions> {
  return {
    inboxPrefix: nodeInboxPrefix(auth.nodeId),
    // Read at every (re)connect: a renewed user (auth.jwt replaced) is used from the next one on,
    // e.g. after the server closed the connection at the old user's expiry.
    ...(auth.jwt ? { authenticator: jwtAuthenticator(() => auth.jwt!, new TextEncoder().encode(auth.seed)) } : {}),
  };
}

/** A renewed node user, as sent to the heartbeat and executor threads. */
export interface NatsUserRenewed {
  type: 'nats-user';
  jwt: string;
}

/** Options for the join connection: the shared join user from its creds file, with the join inbox prefix; nothing against an open server. */
export async function joinConnectionOptions(credsFile: string | undefined): Promise<Partial<ConnectionOptions>> {
  if (!credsFile) return {};
  return { authenticator: credsAuthenticator(await readFile(credsFile)), inboxPrefix: JOIN_INBOX_PREFIX };
}

/** Keeps the JWT of the latest join; a join that issued none (open server) removes an old one. */
export async function storeNatsUser(home: string, jwt: string | undefined): Promise<void> {
  const file = path.join(home, NATS_USER_FILE);
  if (!jwt) return rm(file, { force: true });
  // Renewed while the node runs: written aside and renamed, so a reader never sees half a JWT.
  const fresh = `${file}.${process.pid}.tmp`;
  await writeFile(fresh, `${jwt}\n`, { mode: 0o600 });
  await chmod(fresh, 0o600);
  await rename(fresh, file);
}
