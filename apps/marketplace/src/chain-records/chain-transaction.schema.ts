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

/** A mined transaction of an EVM chain as it holds it. */
export const evmTransactionSchema = z
  .object({
    kind: z.literal('evm'),
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
  .meta({ id: 'EvmTransaction' });
export type EvmTransaction = z.output<typeof evmTransactionSchema>;

const base58 = z.string().max(44).regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/).describe('Base58 public key');

/** A change of one owner's CXT (the deployment's SPL mint) in a Solana transaction. */
export const solanaCxtChangeSchema = z
  .object({
    owner: base58,
    change: z.string().max(40).regex(/^-?\d{1,39}$/).describe('Signed, in the mint’s smallest unit'),
    decimals: z.number().int().min(0).max(18).describe('The mint’s decimals (9 for CXT on Solana)'),
  })
  .meta({ id: 'SolanaCxtChange' });

/** A landed Solana transaction as the cluster holds it: slot, time, outcome, signers, memos and CXT moved. */
export const solanaTransactionSchema = z
  .object({
    kind: z.literal('solana'),
    chain: z.literal('solana'),
    signature: z.string().max(88).regex(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/),
    slot: z.number().int().min(0),
    timestamp: z.string().max(40).nullable().describe('The block’s time, ISO 8601; null when the cluster does not know it'),
    status: z.enum(['success', 'failed']),
    error: z.string().max(512).nullable().describe('The cluster’s error, as JSON, when it failed'),
    signers: z.array(base58).max(16),
    memos: z.array(z.string().max(566)).max(16).describe('SPL Memo texts, in instruction order: corex:reward:v1:<transferId>, corex:status:v2:…, corex:task:v1:…'),
    cxtChanges: z.array(solanaCxtChangeSchema).max(64).describe('CXT balances the transaction changed, by owner'),
  })
  .meta({ id: 'SolanaTransaction' });
export type SolanaTransaction = z.output<typeof solanaTransactionSchema>;

/** GET /v1/chains/{chain}/transactions/{hash}: a transaction as its chain holds it, by the kind of chain. */
export const chainTransactionSchema = z.discriminatedUnion('kind', [evmTransactionSchema, solanaTransactionSchema]).meta({ id: 'ChainTransaction' });
export type ChainTransaction = z.output<typeof chainTransactionSchema>;
