import path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type { NatsUserRenewed } from '../nats/node-connection';
import type { NodeState } from './work-client';

export interface HeartbeatThreadOptions {
  natsUrl: string;
  subjectPrefix: string;
  nodeId: string;
  seed: string;
  /** The node's NATS user, when the network issued one. */
  jwt?: string;
  intervalMs: number;
}

export interface HeartbeatThread {
  /** The state the next heartbeats carry; also sent at once. */
  heartbeat(state: NodeState): void;
  /** The node's renewed NATS user, for the thread's next reconnect. */
  renewNatsUser(jwt: string): void;
  stop(): Promise<void>;
}

/**
 * Heartbeats from their own thread and NATS connection, so that nothing the main thread does
 * (large blob transfers, garbage collection, a fragment run in-process: onnxruntime-node blocks
 * the event loop of the thread that runs a session for the whole run) delays them.
 */
export function startHeartbeatThread(options: HeartbeatThreadOptions): HeartbeatThread {
  const thread = new Thread(path.join(__dirname, 'heartbeat-thread.entry.cjs'), { workerData: options });
  thread.unref();
  return {
    heartbeat: (state) => thread.postMessage(state),
    renewNatsUser: (jwt) => thread.postMessage({ type: 'nats-user', jwt } satisfies NatsUserRenewed),
    stop: async () => {
      await thread.terminate();
    },
  };
}
