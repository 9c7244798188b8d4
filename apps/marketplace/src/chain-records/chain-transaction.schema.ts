import { z } from 'zod';

const hex = (bytes: number) => z.string().length(2 + bytes * 2).regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`));
const address = z.string().length(42).regex(/^0x[0-9a-fA-F]{40}$/).describe('EIP-55 address');

/** One argument of a decoded event, as text: numbers in decimal (wei for CXT), bytes and addresses in hex. */
export const eventArgSchema = z
  .object({
    name: z.string().max(64),
    type: z.string().max(64).describe('Solidity type: uint256, address, bytes32, …'),
    value: z.string().max(2050).describe('Decimal for integers, 0x-hex for bytes, the address for addresses; longer than 2048 characters: cut, ending in …'),
    unit: z.literal('CXT').optional().describe('An amount of CXT in wei (18 decimals)'),
  })
  .meta({ id: 'ChainEventArg' });
export type EventArg = z.output<typeof eventArgSchema>;

/** A log of the transaction emitted by a Corex contract, decoded with its ABI. */
export const corexEventSchema = z
  .object({
    logIndex: z.number().int().min(0),
    address,
    contract: z.string().max(40).describe('MiningPool, ProofRegistry, CorexToken, StakingPool, CorexHub, TaskPortal, CorexPeerToken, CorexGovernor, TimelockController'),
    event: z.string().max(64).describe('RewardPaid, RootPosted, EpochAnchored, Transfer, …'),
    args: z.array(eventArgSchema).max(32),
  })
  .meta({ id: 'ChainEvent' });
export type CorexEvent = z.output<typeof corexEventSchema>;

/** GET /v1/chains/{chain}/transactions/{hash}: a mined transaction as its chain holds it. */
export const chainTransactionSchema = z
  .object({
    chain: z.string().max(32).describe('The chain’s name in the deployment: ethereum (home), bsc, arbitrum, …'),
    evmChainId: z.number().int().positive(),
    txHash: hex(32),
    blockNumber: z.number().int().min(0),
    blockHash: hex(32),
    timestamp: z.string().max(40).describe('The block’s time, ISO 8601'),
    from: address,
    to: address.nullable().describe('null for a contract creation'),
    contractAddress: address.nullable().describe('The contract a creation made'),
    status: z.enum(['success', 'reverted']),
    gasUsed: z.string().max(30).regex(/^\d{1,30}$/).describe('Gas units, decimal'),
    events: z.array(corexEventSchema).max(1024).describe('Logs of Corex contracts, decoded, in log order'),
    otherLogs: z.number().int().min(0).describe('Logs of other contracts (the Wormhole core, …), not decoded'),
  })
  .meta({ id: 'ChainTransaction' });
export type ChainTransaction = z.output<typeof chainTransactionSchema>;
