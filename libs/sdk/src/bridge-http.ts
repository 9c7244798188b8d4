import { getBytes, sha256 } from 'ethers';
import { SdkError } from './errors';

/** The bridge's public HTTP API, as far as the SDK uses it. */
export class BridgeHttp {
  private readonly base: string;
  constructor(
    bridgeUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = bridgeUrl.replace(/\/+$/, '');
  }

  /**
   * `PUT /v1/specs/0x{specHash, 64 lower-case hex}` (apps/bridge's name) with the spec bytes: the bridge keeps it
   * content-addressed (and refuses bytes whose keccak256 is not the hash), so the Solana memo need only carry the hash.
   */
  async putSpec(specHash: string, bytes: Uint8Array): Promise<void> {
    const url = `${this.base}/v1/specs/0x${specHash.replace(/^0x/, '').toLowerCase()}`;
    const response = await this.request(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: bytes });
    if (response.ok) return;
    const detail = await response.text().catch(() => '');
    if (response.status >= 400 && response.status < 500) throw new SdkError('SDK.SPEC_REJECTED', `the bridge refused the spec (${response.status}): ${detail.slice(0, 300)}`);
    throw new SdkError('SDK.BRIDGE_UNAVAILABLE', `PUT ${url} answered ${response.status}`);
  }

  /**
   * `GET /v1/tasks/{taskId}/result`: the exact bytes of the result document, checked against `expectedHash`
   * (sha256 of those bytes, the hash the network gives result documents); SDK.RESULT_MISMATCH otherwise.
   */
  async getResult(taskId: string, expectedHash: string): Promise<Uint8Array> {
    const url = `${this.base}/v1/tasks/${encodeURIComponent(taskId)}/result`;
    const response = await this.request(url, { headers: { accept: 'application/json' } });
    // 409: the bridge knows the task but has no document yet (BRIDGE.NO_RESULT); 404: no document at all.
    if (response.status === 404 || response.status === 409) throw new SdkError('SDK.NO_RESULT', `the bridge has no result for ${taskId} (${response.status})`, { taskId });
    if (!response.ok) throw new SdkError('SDK.BRIDGE_UNAVAILABLE', `GET ${url} answered ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const actual = sha256(bytes);
    if (actual !== expectedHash.toLowerCase()) {
      throw new SdkError('SDK.RESULT_MISMATCH', `the result served for ${taskId} hashes to ${actual}, the origin chain records ${expectedHash}`, { taskId, expected: expectedHash, actual });
    }
    return getBytes(bytes);
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, init);
    } catch (error) {
      throw new SdkError('SDK.BRIDGE_UNAVAILABLE', `${init.method ?? 'GET'} ${url} failed: ${(error as Error).message}`);
    }
  }
}
