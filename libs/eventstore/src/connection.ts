import { readFileSync } from 'node:fs';
import { credsAuthenticator, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import type { Logger } from '@corex/platform';

/** Server versions below 2.10 lack `sync_interval`: acked writes can be lost on an OS crash. */
export function supportsSyncInterval(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((p) => parseInt(p, 10));
  return major > 2 || (major === 2 && minor >= 10);
}

/**
 * Options of every long-lived Corex connection: reconnect forever, and no async traces: nats.js
 * otherwise creates two Error objects (stack traces included) for every request up front, in case
 * it fails (measured: 11% of the scheduler's CPU under load). Failed requests still reject with
 * an error saying what failed, only without the caller's stack.
 */
export const natsConnectionOptions = { maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true } as const;

export interface ConnectNatsOptions {
  /** A NATS credentials file (user JWT and seed): the service's own user on a secured server. */
  credsFile?: string;
}

/** Connects to NATS (as the creds file's user, when given) and warns when the server cannot be told to fsync every write. */
export async function connectNats(url: string, name: string, logger?: Logger, options: ConnectNatsOptions = {}): Promise<NatsConnection> {
  // Read once: a creds file that cannot be read fails the start, not every reconnect.
  const authenticator = options.credsFile ? credsAuthenticator(readFileSync(options.credsFile)) : undefined;
  const nc = await connect({ servers: url, name, ...natsConnectionOptions, ...(authenticator ? { authenticator } : {}) });
  const version = nc.info?.version ?? 'unknown';
  if (!supportsSyncInterval(version)) {
    logger?.warn(
      { serverVersion: version },
      'nats-server < 2.10 has no sync_interval: acknowledged events can be lost on an OS crash (not a process crash). Production: nats-server >= 2.10 with sync_interval: always, or R3 streams.',
    );
  }
  return nc;
}
