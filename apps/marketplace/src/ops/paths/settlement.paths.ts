import { jobCostPageSchema, jobProofsPageSchema } from '../../settlement/settlement.view.schema';
import { jsonResponse, notFound, pathParam, problemResponse, type PathItems } from '../openapi.helpers';

const jobId = pathParam('id', 'The job id submitJob returned');
const jobNotFound = notFound('JOB.NOT_FOUND: no such job among yours (another account’s job answers the same)');
const invalidQuery = problemResponse('REQUEST.INVALID_QUERY: limit or cursor is invalid (details names the field); REQUEST.INVALID_STRING');
const page = [
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'nextCursor of the previous page',
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]{1,200}$' },
  },
];
const hash = (c: string) => `0x${c.repeat(64 / c.length)}`;

/** What a job's fragments cost and where their Proof-of-Compute records are anchored (docs/settlement.md). */
export const settlementPaths: PathItems = {
  '/v1/jobs/{id}/cost': {
    get: {
      operationId: 'getJobCost',
      tags: ['jobs'],
      summary: 'What each rewarded fragment of one of your jobs cost, with the inputs of the reward formula; in fragment id order',
      parameters: [jobId, ...page],
      responses: {
        200: jsonResponse('The job’s cost so far and a page of its fragments’ rewards', jobCostPageSchema),
        400: invalidQuery,
        404: jobNotFound,
      },
    },
  },
  '/v1/jobs/{id}/proofs': {
    get: {
      operationId: 'listJobProofs',
      tags: ['jobs'],
      summary: 'Each rewarded fragment’s Proof-of-Compute record with its inclusion proof in the epoch root anchored on-chain; in fragment id order',
      description:
        'Check one with nothing but the ProofRegistry address: `verifyRecord(epoch, leaf.jobId, leaf.fragmentId, leaf.nodeId, leaf.leaseId, leaf.resultHash, proof)` ' +
        'returns true. `root` and `proof` are null while the fragment’s epoch is open.',
      parameters: [jobId, ...page],
      responses: {
        200: jsonResponse('A page of proofs', jobProofsPageSchema, {
          example: {
            items: [
              {
                fragmentId: 'f-0193a2f4-0001',
                epoch: 3,
                root: hash('ab'),
                anchored: true,
                anchorTxHash: hash('cd'),
                leaf: { jobId: hash('11'), fragmentId: hash('22'), nodeId: hash('33'), leaseId: hash('44'), resultHash: hash('55') },
                ids: { jobId: '0193a2f4-5c1e-7b7a-9d3e-2f6b8c1a4e07', fragmentId: 'f-0193a2f4-0001', nodeId: 'N'.repeat(56), leaseId: 'l-1', resultHash: '55'.repeat(32) },
                proof: [hash('66')],
              },
            ],
            nextCursor: null,
          },
        }),
        400: invalidQuery,
        404: jobNotFound,
      },
    },
  },
};
