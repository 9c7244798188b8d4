import {
  fragmentLineageSchema,
  modelVersionSchema,
  modelVersionsPageSchema,
  versionLineageSchema,
} from '../../models-registry/model-registry.view.schema';
import { jsonResponse, notFound, pathParam, problemResponse, type PathItems } from '../openapi.helpers';

const modelId = pathParam('id', 'The id of one of your training jobs (a registry model is the job that trained it)');
const version = {
  name: 'n',
  in: 'path',
  required: true,
  description: 'Version number: step + 1 of an accepted step (1, 2, …)',
  schema: { type: 'string', minLength: 1, maxLength: 10, pattern: '^[1-9][0-9]{0,9}$' },
};
const modelNotFound = 'MODEL.NOT_FOUND: no training job with this id among yours (another account’s answers the same; uploaded models are at /v1/models/{id})';
const versionNotFound = notFound(`${modelNotFound}; MODEL.VERSION_NOT_FOUND: no such version (not reached yet, or its step’s weights were refused)`);
const badVersion = problemResponse('MODEL.INVALID_VERSION: n is not a whole number from 1 to 2147483648; REQUEST.INVALID_STRING');
const hash = (c: string) => c.repeat(64 / c.length);
const NODE = 'N'.repeat(56);
const exampleVersion = {
  modelId: '0193a2f4-5c1e-7b7a-9d3e-2f6b8c1a4e07',
  version: 3,
  step: 2,
  weightsHash: hash('ab'),
  parentWeightsHash: hash('cd'),
  parentVersion: 2,
  loss: 0.41,
  accuracy: 0.9,
  rule: 'trimmed-mean',
  optimizer: 'adam',
  contributors: [{ nodeId: NODE, fragments: [{ fragmentId: 'f-0193a2f4-0001', rows: 86, aggregation: 'used', verification: 'verified' }] }],
  rejected: 1,
  stragglers: 0,
  anchor: { epoch: 4, txHash: `0x${hash('ef')}`, fragmentsRoot: `0x${hash('12')}`, accuracyBps: 9000 },
  createdAt: '2026-11-30T02:10:10.370Z',
  links: { weights: '/v1/models/0193a2f4-5c1e-7b7a-9d3e-2f6b8c1a4e07/versions/3/weights', lineage: '/v1/models/0193a2f4-5c1e-7b7a-9d3e-2f6b8c1a4e07/versions/3/lineage' },
};

/** The model registry of training jobs: versions, their weights and lineage both ways. */
export const modelsRegistryPaths: PathItems = {
  '/v1/models/{id}/versions': {
    get: {
      operationId: 'listModelVersions',
      tags: ['models'],
      summary: 'The model versions a training job of yours registered (its accepted steps), in version order',
      description:
        'Version n is step n − 1 of the job: weights hash, parent, metrics, rule, the nodes whose updates went in with their verdicts, and the ' +
        'on-chain record (ProofRegistry.recordModel) once an epoch anchored it. A step whose weights were refused is no version.',
      parameters: [
        modelId,
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        { name: 'cursor', in: 'query', required: false, description: 'nextCursor of the previous page', schema: { type: 'string', minLength: 1, maxLength: 24, pattern: '^[A-Za-z0-9_-]{1,24}$' } },
      ],
      responses: {
        200: jsonResponse('A page of versions', modelVersionsPageSchema, { example: { items: [exampleVersion], nextCursor: null } }),
        400: problemResponse('REQUEST.INVALID_QUERY: limit or cursor is invalid; REQUEST.INVALID_STRING'),
        404: notFound(modelNotFound),
      },
    },
  },
  '/v1/models/{id}/versions/{n}': {
    get: {
      operationId: 'getModelVersion',
      tags: ['models'],
      summary: 'One model version of a training job of yours',
      parameters: [modelId, version],
      responses: { 200: jsonResponse('The version', modelVersionSchema, { example: exampleVersion }), 400: badVersion, 404: versionNotFound },
    },
  },
  '/v1/models/{id}/versions/{n}/weights': {
    get: {
      operationId: 'downloadModelVersionWeights',
      tags: ['models'],
      summary: 'The weights blob of a model version, exactly as stored: its sha256 is the version’s weightsHash, recorded on-chain',
      description: 'Check it: sha256 of the body = ETag = weightsHash = ProofRegistry.modelOf(weightsHash) (`node-runner verify-model`).',
      parameters: [modelId, version],
      responses: {
        200: {
          description: 'The serialized weights',
          headers: {
            ETag: { description: 'The weights hash (sha256, hex), quoted', schema: { type: 'string', maxLength: 66 } },
            Digest: { description: 'sha-256=<base64 of the sha256> (RFC 3230)', schema: { type: 'string', maxLength: 60 } },
            'Repr-Digest': { description: 'sha-256=:<base64 of the sha256>: (RFC 9530)', schema: { type: 'string', maxLength: 60 } },
            'Content-Disposition': { description: 'attachment; filename="corex-<job id>-v<n>.weights"', schema: { type: 'string', maxLength: 180 } },
          },
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: 256 * 1024 * 1024 } } },
        },
        304: { description: 'If-None-Match named the weights hash: the client already holds these weights' },
        400: badVersion,
        404: versionNotFound,
        503: problemResponse('MODEL.WEIGHTS_UNAVAILABLE: the stored weights cannot be read right now; retry later'),
      },
    },
  },
  '/v1/models/{id}/versions/{n}/lineage': {
    get: {
      operationId: 'getModelVersionLineage',
      tags: ['models'],
      summary: 'Lineage of a model version: job → each fragment whose update went in (node, lease, result, verdict, reward) → its Proof-of-Compute record, epoch root and anchor → the version and its anchor',
      description: 'Each fragment’s `poc.proof` checks with `ProofRegistry.verifyRecord(epoch, leaf…, proof)`, as in listJobProofs.',
      parameters: [modelId, version],
      responses: { 200: jsonResponse('The lineage', versionLineageSchema), 400: badVersion, 404: versionNotFound },
    },
  },
  '/v1/jobs/{id}/fragments/{fragmentId}/lineage': {
    get: {
      operationId: 'getFragmentLineage',
      tags: ['jobs'],
      summary: 'Lineage the other way: one fragment of your job, its verdict and Proof-of-Compute record, and the model versions its update went into',
      parameters: [pathParam('id', 'The job id submitJob returned'), pathParam('fragmentId', 'A fragment id of the job (listJobFragments)')],
      responses: {
        200: jsonResponse('The fragment and its versions (empty when it went into none: not a training fragment, or its step was refused)', fragmentLineageSchema),
        404: notFound('JOB.NOT_FOUND: no such job among yours (another account’s answers the same); FRAGMENT.NOT_FOUND: the job has no such fragment with a result'),
      },
    },
  },
};
