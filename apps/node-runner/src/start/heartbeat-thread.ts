import path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import type { NodeState } from './work-client';

export interface HeartbeatThreadOptions {
  natsUrl: string;
  subjectPrefix: string;
  nodeId: string;
  seed: string;
  intervalMs: number;
}

export interface HeartbeatThread {
  /** The state the next heartbeats carry; also sent at once. */
  heartbeat(state: NodeState): void;
  stop(): Promise<void>;
}

/**
 * Heartbeats from their own thread and NATS connection. onnxruntime-node runs a session on the
 * calling thread and blocks its event loop for the whole fragment, so heartbeats sent from the
 * main thread would stop exactly while a long fragment holds its lease.
 */
export function startHeartbeatThread(options: HeartbeatThreadOptions): HeartbeatThread {
  const thread = new Thread(path.join(__dirname, 'heartbeat-thread.entry.cjs'), { workerData: options });
  thread.unref();
  return {
    heartbeat: (state) => thread.postMessage(state),
    stop: async () => {
      await thread.terminate();
    },
  };
}
