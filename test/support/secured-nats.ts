import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { credsAuthenticator, jwtAuthenticator, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { generateNatsAuth, JOIN_INBOX_PREFIX, natsAuthPaths, nodeInboxPrefix, NodeUserIssuer, writeNatsAuth, type GeneratedNatsAuth } from '@corex/nats-auth';

export const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
export const SHIPPED_NATS_CONFIG = path.join(__dirname, '..', '..', 'deploy', 'nats', 'nats.conf');

/** A nats-server started with the shipped config and freshly generated auth, on a free port and a temporary store. */
export interface SecuredNats {
  url: string;
  prefix: string;
  /** The deployment's auth directory (natsAuthPaths). */
  dir: string;
  auth: GeneratedNatsAuth;
  credsFile(user: string): string;
  /** Connects as a service user (`scheduler`, `marketplace`, `admin`) or `join`. */
  connectAs(user: string, name?: string): Promise<NatsConnection>;
  /** Issues node `nodeId` a user (as the scheduler does at join) and connects as it, with its inbox prefix. */
  connectAsNode(nodeId: string, seed: string): Promise<NatsConnection>;
  issuer(ttlMs?: number): NodeUserIssuer;
  stop(): Promise<void>;
}

export async function startSecuredNats(prefix = `sec${randomBytes(4).toString('hex')}`): Promise<SecuredNats> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corex-secured-nats-'));
  const auth = await generateNatsAuth({ prefix });
  await writeNatsAuth(dir, auth, SHIPPED_NATS_CONFIG);
  const paths = natsAuthPaths(dir);
  const port = await freePort();
  const server = spawn(NATS_SERVER, ['-c', paths.serverConfig, '-a', '127.0.0.1', '-p', String(port), '-m', '0', '-sd', path.join(dir, 'store')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await readyOrExit(server);
  const url = `nats://127.0.0.1:${port}`;
  const issuer = (ttlMs = 60 * 60 * 1000) => new NodeUserIssuer({ account: auth.account.publicKey, signingSeed: auth.account.nodeSigningSeed, accountJwt: auth.account.jwt }, prefix, ttlMs);
  return {
    url,
    prefix,
    dir,
    auth,
    credsFile: paths.creds,
    issuer,
    connectAs: async (user, name) =>
      connect({
        servers: url,
        name: name ?? user,
        authenticator: credsAuthenticator(await readFile(paths.creds(user))),
        ...(user === 'join' ? { inboxPrefix: JOIN_INBOX_PREFIX } : {}),
      }),
    connectAsNode: async (nodeId, seed) => {
      const { jwt } = await issuer().issue(nodeId);
      return connect({
        servers: url,
        name: 'node',
        authenticator: jwtAuthenticator(jwt, new TextEncoder().encode(seed)),
        inboxPrefix: nodeInboxPrefix(nodeId),
      });
    },
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when the server logs that it is ready; rejects with its log when it exits first. */
function readyOrExit(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) {
        server.stderr!.off('data', onData);
        server.stderr!.resume();
        resolve();
      }
    };
    server.stderr!.on('data', onData);
    server.once('exit', (code) => reject(new Error(`nats-server exited with ${code} before it was ready:\n${log}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
