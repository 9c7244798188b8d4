import { problemSchema } from '../http/problem.schema';
import { apiTags, mergePaths, schema, withEdgeResponses } from './openapi.helpers';
import { hoistSchemaDefinitions } from './openapi.defs';
import { withIntegerFormats } from './openapi.formats';
import { accountsPaths } from './paths/accounts.paths';
import { catalogPaths } from './paths/catalog.paths';
import { datasetsPaths } from './paths/datasets.paths';
import { fundsPaths } from './paths/funds.paths';
import { jobOutputsPaths } from './paths/job-outputs.paths';
import { jobsPaths } from './paths/jobs.paths';
import { networkPaths } from './paths/network.paths';
import { nodesPaths } from './paths/nodes.paths';
import { opsPaths } from './paths/ops.paths';
import { uploadsPaths } from './paths/uploads.paths';
import { trainingPaths } from './paths/training.paths';
import { modelsRegistryPaths } from './paths/models-registry.paths';
import { settlementPaths } from './paths/settlement.paths';
import { verificationPaths } from './paths/verification.paths';
import { federationsPaths } from './paths/federations.paths';
import { operatorPaths } from './paths/operator.paths';
import { chainsPaths } from './paths/chains.paths';

const API_DESCRIPTION = [
  'Publish AI jobs to the Corex compute network: upload a dataset (CSV or JSON), train or run a model on it, follow the job, download what it produced.',
  '',
  '- Authentication: `Authorization: Bearer <api key>`; createAccount (with the operator’s admin token) returns the key once. Everything is scoped to your account: another account’s job or upload answers 404 exactly like a missing one.',
  '- Errors: `application/problem+json` (RFC 9457) with a stable `code` to act on and `details` for programs; bad input is a 4xx and changes nothing.',
  '- Rate limits: a token bucket per key; every authenticated answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset; over it, 429 RATE.LIMITED with Retry-After.',
  '- `budget` is required on every job: the most it may cost, in CXT, as a decimal string (see SubmitJobRequest).',
].join('\n');

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and type
 * responses. Each area's operations live in paths/<area>.paths.ts: add one argument to mergePaths.
 */
export function buildOpenApiDocument(version: string) {
  const document = hoistSchemaDefinitions({
    openapi: '3.1.0',
    info: { title: 'Corex marketplace API', version, description: API_DESCRIPTION },
    servers: [{ url: '/', description: 'The marketplace serving this document (local, staging or production alike)', 'x-internal': false }],
    tags: [...apiTags],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'The API key createAccount returned' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'COREX_ADMIN_TOKEN of the marketplace (at least 16 characters)' },
        operatorSession: { type: 'http', scheme: 'bearer', description: 'An operator session token: createOperatorSession (node-runner login) returned it' },
      },
      schemas: { Problem: schema(problemSchema, 'output') } as Record<string, unknown>,
    },
    security: [{ apiKey: [] }],
    paths: withEdgeResponses(
      mergePaths(
        accountsPaths,
        fundsPaths,
        catalogPaths,
        uploadsPaths,
        datasetsPaths,
        jobsPaths,
        jobOutputsPaths,
        trainingPaths,
        modelsRegistryPaths,
        settlementPaths,
        verificationPaths,
        federationsPaths,
        nodesPaths,
        operatorPaths,
        networkPaths,
        chainsPaths,
        opsPaths,
      ),
    ),
  });
  return withIntegerFormats(document);
}
