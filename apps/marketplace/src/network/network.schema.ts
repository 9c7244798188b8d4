import { z } from 'zod';
import { bridgeContractsSchema, deployedContractsSchema } from '@corex/chain';

const base58 = z.string().max(44).describe('Base58 public key');

/** One chain of the network: the home EVM chain, a remote EVM chain, or Solana. */
export const networkChainSchema = z
  .object({
    name: z.string().max(32).describe('ethereum (home), bsc, arbitrum, solana, …'),
    kind: z.enum(['evm', 'solana']),
    home: z.boolean().describe('The home chain: CXT, staking, the mining pool, proofs and CorexHub'),
    evmChainId: z.number().int().positive().optional().describe('EIP-155 chain id (EVM chains)'),
    wormholeChainId: z.number().int().min(1).max(65535).describe('Wormhole chain id (2 Ethereum, 4 BSC, 23 Arbitrum, 1 Solana)'),
    rpcUrl: z.string().max(2048).optional().describe('A public JSON-RPC endpoint, when the operator publishes one'),
    deployedAtBlock: z.number().int().min(0).optional().describe('Where to start reading the bridge contracts’ events (EVM chains)'),
    contracts: bridgeContractsSchema.optional().meta({ id: 'NetworkBridgeContracts' }).describe('EVM chains: the Wormhole core and the bridge contracts'),
    solana: z
      .object({ mint: base58.describe('The CXT SPL mint (9 decimals)'), escrow: base58.describe('The task escrow token account'), authority: base58.optional().describe('The bridge authority') })
      .optional()
      .meta({ id: 'NetworkSolana' }),
  })
  .meta({ id: 'NetworkChain' });
export type NetworkChain = z.output<typeof networkChainSchema>;

/** GET /v1/network: everything a user or a dApp needs to find Corex on its chain. */
export const networkSchema = z
  .object({
    chainId: z.number().int().positive().describe('EIP-155 chain id of the home chain (1 on `npm start`’s local anvil)'),
    rpcUrl: z.string().max(2048).describe('JSON-RPC endpoint of the chain'),
    contracts: deployedContractsSchema.meta({ id: 'NetworkContracts' }),
    deployedAtBlock: z.number().int().min(0).describe('Block of the deployment: where to start reading the contracts’ events'),
    epochLength: z.number().int().positive().describe('Settlement epoch in seconds (MiningPool.epochLength, set by governance)'),
    currentEpoch: z.number().int().min(0).describe('The last epoch whose reward root MiningPool holds (0 before the first)'),
    blockNumber: z.number().int().min(0).describe('The chain’s head when answering'),
    chains: z.array(networkChainSchema).max(32).describe('Every chain tasks can come from, home first (empty before the bridge is deployed)'),
    wormhole: z
      .object({
        guardianSetIndex: z.number().int().min(0),
        guardians: z.array(z.string().max(42)).max(19).describe('Guardian addresses whose signatures the cores accept'),
        guardianApiUrl: z.string().max(2048).optional().describe('Where signed VAAs are fetched: GET {guardianApiUrl}/v1/signed_vaa/{chain}/{emitter}/{sequence}'),
      })
      .optional()
      .meta({ id: 'NetworkWormhole' }),
  })
  .meta({ id: 'Network' });
export type Network = z.output<typeof networkSchema>;
