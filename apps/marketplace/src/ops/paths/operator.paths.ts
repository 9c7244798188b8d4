import { createChallengeRequestSchema, createSessionRequestSchema, operatorChallengeSchema, operatorSessionSchema } from '../../operator/sign-in/sign-in.schema';
import { allocationsSchema, historySchema, operatorFragmentsSchema, operatorNodeSchema, payoutsSchema, reconciliationSchema } from '../../operator/views/operator.view.schema';
import { errors, jsonRequestBody, jsonResponse, named, notFound, pathParam, problemResponse, rateLimitHeaders, tooManyRequests, type Operation, type PathItems } from '../openapi.helpers';

const session = [{ operatorSession: [] }];
const unauthorized = problemResponse('OPERATOR.MISSING_SESSION, OPERATOR.INVALID_SESSION: no operator session, or an unknown or expired one (a customer API key is not one): sign in with node-runner login');
const nodeGone = notFound('OPERATOR.NODE_NOT_FOUND: the session’s node is not in the marketplace’s view');

/** A GET of the signed-in operator's own node. */
const view = (operationId: string, summary: string, body: Parameters<typeof jsonResponse>[1], extra: Partial<Operation> = {}): { get: Operation } => ({
  get: { operationId, tags: ['operator'], summary, security: session, ...extra, responses: { 200: jsonResponse(summary, body), 401: unauthorized, ...extra.responses } },
});

/** Sign-in is public (no credential exists before it) and rate-limited per node and client address: its answers carry that bucket's RateLimit-* headers (a 413 or 415 refused before the handler does not). */
const signIn = (operationId: string, summary: string, request: Parameters<typeof jsonRequestBody>[0], response: Parameters<typeof jsonResponse>[1], refusals: Record<string, object>): { post: Operation } => {
  const limited = (r: object) => ({ ...r, headers: { ...(r as { headers?: object }).headers, ...rateLimitHeaders } });
  const answers = { 201: jsonResponse(summary, response), 400: problemResponse('REQUEST.INVALID_BODY (details names the field), REQUEST.MALFORMED_JSON, REQUEST.INVALID_STRING'), ...refusals, 413: errors[413], 415: errors[415], 429: tooManyRequests };
  return {
    post: { operationId, tags: ['operator'], summary, security: [], requestBody: jsonRequestBody(request), responses: Object.fromEntries(Object.entries(answers).map(([status, r]) => [status, limited(r)])) },
  };
};

const page = [
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
  { name: 'cursor', in: 'query', required: false, description: 'nextCursor of the previous page', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]{1,200}$' } },
];

/** Node operators' sign-in (the node's key, no password) and their node's views (docs/operator-api.md). */
export const operatorPaths: PathItems = {
  '/v1/operator/challenges': signIn(
    'createOperatorChallenge',
    'A sign-in challenge for a registered node, to be signed with its key (node-runner login does it)',
    named('CreateOperatorChallengeRequest', createChallengeRequestSchema),
    operatorChallengeSchema,
    { 404: notFound('OPERATOR.NODE_NOT_FOUND: no node with this id registered'), 409: problemResponse('OPERATOR.TOO_MANY_CHALLENGES: the node has 16 unanswered challenges') },
  ),
  '/v1/operator/sessions': signIn(
    'createOperatorSession',
    'An operator session for the node whose key signed the challenge; the token is shown once',
    named('CreateOperatorSessionRequest', createSessionRequestSchema),
    operatorSessionSchema,
    { 401: problemResponse('OPERATOR.CHALLENGE_UNKNOWN (never issued to this node, or already used), OPERATOR.CHALLENGE_EXPIRED, OPERATOR.SIGNATURE_INVALID') },
  ),
  '/v1/operator/node': view('getOperatorNode', "The operator's node: identity, status, stake, payout address and route, rewards, reputation, tier, violations, lease counts", operatorNodeSchema, {
    responses: { 404: nodeGone },
  }),
  '/v1/operator/node/allocations': view('listOperatorAllocations', "The node's current leases: fragment, job, when they expire, the score that won them", allocationsSchema),
  '/v1/operator/node/fragments': view(
    'listOperatorFragments',
    "The node's ended leases, newest first: verification verdict and evidence, reward, and for every failed or unpaid one why, with the deciding event",
    operatorFragmentsSchema,
    { parameters: page, responses: { 400: problemResponse('REQUEST.INVALID_QUERY: limit or cursor is invalid (details names the field); REQUEST.INVALID_STRING') } },
  ),
  '/v1/operator/node/fragments/{fragmentId}': view('getOperatorFragment', 'Every lease the node held of one fragment, newest first', operatorFragmentsSchema, {
    parameters: [pathParam('fragmentId')],
    responses: { 404: notFound('OPERATOR.FRAGMENT_NOT_FOUND: the node never held a lease of that fragment (another node’s answers the same)') },
  }),
  '/v1/operator/node/payouts': view(
    'listOperatorPayouts',
    "The node's rewards per epoch, newest first: accrued, settled or paid, with the transactions and chains that paid them and bridge transfers to its chosen chain",
    payoutsSchema,
  ),
  '/v1/operator/node/reconciliation': view(
    'getOperatorReconciliation',
    'Per epoch: work (accepted fragments), rewards computed and on-chain payments, cumulated as MiningPool pays them, and whether they are equal',
    reconciliationSchema,
  ),
  '/v1/operator/node/history': view('getOperatorHistory', 'Contribution per day and per epoch, and reputation, tier and standing over time: series for charts', historySchema),
  '/v1/operator/node/events': {
    get: {
      operationId: 'followOperatorNode',
      tags: ['operator'],
      summary: 'Server-Sent Events: the node overview at once, then the names of the views that changed',
      description:
        '`event: node` carries the OperatorNode (again whenever it changed); `event: changed` (`id: <stream position>`) carries `{"views": [...], "position": n}` with the views to refetch: node, allocations, fragments, payouts, reconciliation, history. `: heartbeat` comments every SSE_HEARTBEAT_MS. docs/operator-api.md',
      security: session,
      responses: {
        200: {
          description: 'text/event-stream',
          content: { 'text/event-stream': { schema: { type: 'string', maxLength: 1_048_576, description: 'An unbounded stream; maxLength bounds one event' } } },
        },
        401: unauthorized,
      },
    },
  },
};
