import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '@nats-io/transport-node';
import { natsConnectionOptions } from '@corex/eventstore';
import { newNonce, nodeSubjects, signNodeMessage, workMessageKinds } from '@corex/node-protocol';
import { nodeConnectionOptions, type NatsUserRenewed } from '../nats/node-connection';
import type { HeartbeatThreadOptions } from './heartbeat-thread';
import type { NodeState } from './work-client';

/** Runs inside the heartbeat thread: publishes the latest state on a timer and on every change. */
async function run(options: HeartbeatThreadOptions): Promise<void> {
  const nc = await connect({ servers: options.natsUrl, name: 'corex-node-heartbeat', ...natsConnectionOptions, ...nodeConnectionOptions(options) });
  const subject = nodeSubjects(options.subjectPrefix).heartbeat;
  let state: NodeState | undefined;
  const publish = () => {
    if (!state) return;
    const body = { nodeId: options.nodeId, issuedAt: new Date().toISOString(), nonce: newNonce(), ...state };
    nc.publish(subject, JSON.stringify(signNodeMessage(workMessageKinds.heartbeat, body, options.seed)));
  };
  parentPort!.on('message', (next: NodeState | NatsUserRenewed) => {
    if ('type' in next) return void (options.jwt = next.jwt);
    state = next;
    publish();
  });
  setInterval(publish, options.intervalMs);
}

void run(workerData as HeartbeatThreadOptions);
