/**
 * An adversarial node, in its own process, for tests and the npm start demo (docs/verification.md):
 *
 *   node -r @swc-node/register test/adversaries/main.ts --kind <kind> --home <dir> [--name N] [--leak-dir DIR] [--creds FILE]
 *
 * It is not our node-runner: it speaks the wire protocol itself (wire-client.ts) and only borrows
 * the pure executor to get genuine outputs to tamper with. Kinds: `lazy` (random values of the
 * right shape), `copier` (reveals another node's result, read from --leak-dir), `fake-benchmark`
 * (claims 1e6 GFLOP/s, computes honestly, answers challenges honestly at its real, slow speed),
 * `replayer` (a result of an earlier job under a new lease), `duplicate` (a second result for a completed lease, and one for a lease it never held),
 * `honest`, and the Byzantine trainers `byzantine-sign-flip`, `byzantine-scale` (×100) and
 * `byzantine-alie` ("a little is enough", approximated from its own gradient: test/adversaries/byzantine.ts),
 * which compute gradient fragments honestly and send a corrupted gradient. Its identity is `<home>/identity.nk` as node-runner keeps it, so `node-runner stake
 * --home <dir>` stakes for it. It prints one JSON line per thing it does on stdout.
 * Environment: NATS_URL, COREX_SUBJECT_PREFIX, COREX_NATS_CREDS (the join creds, as for node-runner).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { connect } from '@nats-io/transport-node';
import type { Benchmark, Hardware } from '@corex/events';
import { natsConnectionOptions } from '@corex/eventstore';
import { loadOrCreateIdentity } from '../../apps/node-runner/src/identity/node-identity';
import { joinConnectionOptions, nodeConnectionOptions } from '../../apps/node-runner/src/nats/node-connection';
import { AdversaryNode } from './adversary-node';
import { adversaryKinds, behaviours, type AdversaryKind } from './behaviours';
import { measureGflops, solveChallenge, solveChallengeSlowly } from './challenge-solver';
import { TaskCompute } from './task-compute';
import { WireClient } from './wire-client';

const FAKE_GFLOPS = 1e6;

function report(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, at: new Date().toISOString(), ...fields })}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { kind: { type: 'string' }, home: { type: 'string' }, name: { type: 'string' }, 'leak-dir': { type: 'string' }, creds: { type: 'string' } },
  });
  const kind = values.kind as AdversaryKind;
  if (!adversaryKinds.includes(kind) || !values.home) throw new Error(`usage: main.ts --kind <${adversaryKinds.join('|')}> --home <dir> [--name N] [--leak-dir DIR] [--creds FILE]`);
  report('starting', { kind, pid: process.pid });
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const prefix = process.env.COREX_SUBJECT_PREFIX ?? 'corex';
  const identity = await loadOrCreateIdentity(values.home, pino({ level: 'warn' }, pino.destination(2)));

  const measured = await measureGflops();
  // At least 6 GFLOP/s (standard tier, so that a fraud visibly demotes it): within what its challenge confirms here
  // (its onnxruntime answers at 15-70 GFLOP/s on the test machine), however loaded the machine was while it measured.
  const gflops = kind === 'fake-benchmark' ? FAKE_GFLOPS : Number(Math.max(6, measured / 2).toFixed(2));
  const benchmark: Benchmark = { kind: 'matmul-f32', size: 256, iterations: 5, durationMs: (2 * 256 ** 3 * 5) / (gflops * 1e6), gflops, executionProvider: 'cpu' };
  const hardware: Hardware = { cpuModel: os.cpus()[0]?.model ?? 'cpu', cpuCores: os.availableParallelism(), memoryBytes: os.totalmem(), gpus: [], executionProviders: ['cpu'], os: os.platform(), arch: os.arch() };

  const joinNc = await connect({ servers: natsUrl, name: 'corex-adversary-join', ...(await joinConnectionOptions(values.creds ?? process.env.COREX_NATS_CREDS)) });
  const registered = await new WireClient(joinNc, prefix, identity.nodeId, identity.seed).register(values.name ?? `adversary-${kind}`, hardware, benchmark);
  await joinNc.close();
  if (!registered.ok) throw new Error(`registration refused: ${registered.code} ${registered.message}`);
  report('registered', { kind, nodeId: identity.nodeId, claimedGflops: gflops, measuredGflops: measured });

  const auth = { nodeId: identity.nodeId, seed: identity.seed, jwt: registered.natsJwt as string | undefined };
  const nc = await connect({ servers: natsUrl, name: `corex-adversary-${kind}`, ...natsConnectionOptions, ...nodeConnectionOptions(auth) });
  const wire = new WireClient(nc, prefix, identity.nodeId, identity.seed);
  const compute = await TaskCompute.open(nc, prefix, identity.nodeId);
  // A fake benchmark's real hardware is slow: it answers challenges honestly, in plain JavaScript.
  const solver = kind === 'fake-benchmark' ? solveChallengeSlowly : solveChallenge;
  const node = new AdversaryNode({ wire, compute, leakDir: values['leak-dir'], report }, behaviours[kind], Number(process.env.COREX_HEARTBEAT_MS ?? 2_000), solver);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => node.stop());
  await node.run();
  await wire.leave().catch(() => undefined);
  await nc.close();
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    report('fatal', { message: err.message });
    process.exit(1);
  },
);
