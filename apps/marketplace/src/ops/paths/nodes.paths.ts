import { assignmentViewSchema } from '../../nodes/get-assignment/assignment.view.schema';
import { nodeViewSchema } from '../../nodes/get-node/node.view.schema';
import { jsonResponse, notFound, pathParam, type PathItems } from '../openapi.helpers';

const exampleNode = {
  id: 'UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4',
  name: 'rig-7',
  status: 'benchmarked',
  hardware: { cpuModel: 'AMD Ryzen 9 7950X', cpuCores: 32, memoryBytes: 68719476736, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' },
  benchmark: { kind: 'matmul-f32', size: 512, iterations: 20, durationMs: 41.5, gflops: 129.4, executionProvider: 'cpu' },
  runnerVersion: '0.1.0',
  registeredAt: '2026-11-30T01:58:02.114Z',
  lastBenchmarkAt: '2026-11-30T01:58:03.020Z',
  benchmarkCount: 1,
  stake: null,
  payout: null,
  rewards: { earned: '0', pending: '0', paid: '0', payments: [] },
  reputation: {
    score: 0.71,
    components: { performance: 0.7, uptime: 1, latency: 0.95, load: 0.9, history: 0.62, violations: 1 },
    indicators: { claimedGflops: 129.4, confirmedGflops: 121.8, verified: 48, failed: 1, frauds: 0, uptimeRatio: 0.998 },
    updatedAt: '2026-11-30T02:12:40.510Z',
  },
  tier: 'pro',
  standing: { status: 'active', until: null, reason: null },
  violations: [],
};

export const nodesPaths: PathItems = {
  '/v1/nodes/{id}': {
    get: {
      operationId: 'getNode',
      tags: ['nodes'],
      summary: "A node's hardware, benchmark, status, stake, rewards, reputation, tier and violations with their slashes",
      parameters: [pathParam('id', "The node's id (its public key)")],
      responses: { 200: jsonResponse('The node', nodeViewSchema, { example: exampleNode }), 404: notFound('NODE.NOT_FOUND: no node with this id') },
    },
  },
  '/v1/nodes/{nodeId}/assignments/{fragmentId}': {
    get: {
      operationId: 'getAssignment',
      tags: ['nodes'],
      summary: "The latest lease of one of the caller's fragments to a node, with the score breakdown and a one-line explanation",
      parameters: [pathParam('nodeId'), pathParam('fragmentId')],
      responses: { 200: jsonResponse('The assignment, with the error a failed lease ended with', assignmentViewSchema), 404: notFound('No such assignment among the caller’s jobs') },
    },
  },
};
