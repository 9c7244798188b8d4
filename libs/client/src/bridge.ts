import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/bridge';

/** Every bridge route, as the bridge's served /openapi.json documents them (its routes are public). */
export type BridgeClient = Client<paths>;
export type CrossChainTask = components['schemas']['CrossChainTask'];

/** A typed client of the bridge (cross-chain tasks, their results, Solana task specs). */
export function createBridgeClient({ baseUrl, fetch }: { baseUrl: string; fetch?: typeof globalThis.fetch }): BridgeClient {
  return createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), ...(fetch && { fetch }) });
}

/**
 * PUT /v1/specs/{hash}: a Solana task's spec bytes, named by their keccak256 (0x + 64 hex), sent
 * as they are (the document types a binary body as a string; openapi-fetch would send it as JSON).
 */
export function putSpec(client: BridgeClient, hash: string, bytes: Uint8Array) {
  return client.PUT('/v1/specs/{hash}', {
    params: { path: { hash } },
    body: bytes as unknown as string,
    bodySerializer: (body) => body,
    headers: { 'content-type': 'application/octet-stream' },
  });
}
