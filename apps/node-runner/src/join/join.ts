import os from 'node:os';
import type { Benchmark, Hardware } from '@corex/events';
import { newNonce, nodeMessageKinds, signNodeMessage, type RegisterReply, type RegisterRequestBody } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import { runMatMulBenchmark } from '../benchmark/matmul-benchmark';
import { detectHardware } from '../hardware/detect-hardware';
import { loadOrCreateIdentity } from '../identity/node-identity';
import { runnerVersion } from '../runner-version';
import { storeNatsUser } from '../nats/node-connection';
import { requestRegistration, type RegistrationTarget } from './request-registration';

export interface JoinOptions extends RegistrationTarget {
  home: string;
  /** Shown to operators; defaults to the host name. */
  name?: string;
  logger: Logger;
}

export interface JoinOutcome {
  nodeId: string;
  identityCreated: boolean;
  hardware: Hardware;
  benchmark: Benchmark;
  reply: RegisterReply;
}

/** A signed `register` message: this node's report, issued now. */
export function registrationMessage(identity: { nodeId: string; seed: string }, name: string | undefined, hardware: Hardware, benchmark: Benchmark) {
  const body: RegisterRequestBody = {
    nodeId: identity.nodeId,
    name: (name ?? os.hostname()).slice(0, 100) || 'node',
    hardware,
    benchmark,
    runnerVersion,
    issuedAt: new Date().toISOString(),
    nonce: newNonce(),
  };
  return signNodeMessage(nodeMessageKinds.register, body, identity.seed);
}

/** Joins the network: identity, hardware, benchmark, then a signed registration request. */
export async function join(options: JoinOptions): Promise<JoinOutcome> {
  const { logger } = options;
  const identity = await loadOrCreateIdentity(options.home, logger);
  const hardware = await detectHardware(logger);
  const benchmark = await runMatMulBenchmark({ executionProvider: hardware.executionProviders[0] ?? 'cpu', logger });
  const reply = await requestRegistration(registrationMessage(identity, options.name, hardware, benchmark), options);
  if (reply.ok) await storeNatsUser(options.home, reply.natsJwt);
  return { nodeId: identity.nodeId, identityCreated: identity.created, hardware, benchmark, reply };
}
