import { JsonRpcProvider } from 'ethers';

/**
 * A provider for one known chain. `staticNetwork` skips the chain-id probe before each call and
 * `cacheTimeout: -1` turns off ethers' result cache, without which quick successive transactions
 * read a stale nonce ("nonce too low", ../shared/FIELD-NOTES.md).
 */
export function chainProvider(rpcUrl: string, chainId: number): JsonRpcProvider {
  return new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1 });
}
