import { z } from 'zod';
import { deployedContractsSchema } from '@corex/chain';

/** GET /v1/network: everything a user or a dApp needs to find Corex on its chain. */
export const networkSchema = z
  .object({
    chainId: z.number().int().positive().describe('EIP-155 chain id (31337: the local anvil chain of `npm start`)'),
    rpcUrl: z.string().max(2048).describe('JSON-RPC endpoint of the chain'),
    contracts: deployedContractsSchema.meta({ id: 'NetworkContracts' }),
    deployedAtBlock: z.number().int().min(0).describe('Block of the deployment: where to start reading the contracts’ events'),
    epochLength: z.number().int().positive().describe('Settlement epoch in seconds (MiningPool.epochLength, set by governance)'),
    currentEpoch: z.number().int().min(0).describe('The last epoch whose reward root MiningPool holds (0 before the first)'),
    blockNumber: z.number().int().min(0).describe('The chain’s head when answering'),
  })
  .meta({ id: 'Network' });
export type Network = z.output<typeof networkSchema>;
