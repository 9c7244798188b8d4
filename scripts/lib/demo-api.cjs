'use strict';
// The demo talks to the marketplace through @corex/client, the typed client generated from the
// served /openapi.json that the console and the tests use: its routes and problems are the SDK's.
require('@swc-node/register');
const { createCorexClient, ok, CorexProblemError } = require('../../libs/client/src');

/**
 * Calls the marketplace (`method`: GET, POST…; `path` with its query) with `token` as the key;
 * answers the success body, or throws CorexProblemError (status, stable code) for a problem.
 */
function api(baseUrl, method, path, token, body, headers = {}) {
  const client = createCorexClient({ baseUrl, apiKey: token });
  return ok(client[method](path, { ...(body !== undefined && { body }), headers, signal: AbortSignal.timeout(15_000) }));
}

module.exports = { api, CorexProblemError };
