import { Indexed, type Interface, type LogDescription, type ParamType } from 'ethers';
import {
  CorexGovernor__factory,
  CorexHub__factory,
  CorexPeerToken__factory,
  CorexToken__factory,
  MiningPool__factory,
  ProofRegistry__factory,
  StakingPool__factory,
  TaskPortal__factory,
  TimelockController__factory,
} from '@corex/chain-contracts';
import type { CorexEvent, EventArg } from './chain-transaction.schema';

/** The Corex contracts by the keys the deployment file names them with. */
const INTERFACES = {
  token: { contract: 'CorexToken', abi: CorexToken__factory.createInterface() },
  stakingPool: { contract: 'StakingPool', abi: StakingPool__factory.createInterface() },
  miningPool: { contract: 'MiningPool', abi: MiningPool__factory.createInterface() },
  proofRegistry: { contract: 'ProofRegistry', abi: ProofRegistry__factory.createInterface() },
  governor: { contract: 'CorexGovernor', abi: CorexGovernor__factory.createInterface() },
  timelock: { contract: 'TimelockController', abi: TimelockController__factory.createInterface() },
  hub: { contract: 'CorexHub', abi: CorexHub__factory.createInterface() },
  taskPortal: { contract: 'TaskPortal', abi: TaskPortal__factory.createInterface() },
  peerToken: { contract: 'CorexPeerToken', abi: CorexPeerToken__factory.createInterface() },
} satisfies Record<string, { contract: string; abi: Interface }>;
export type ContractKey = keyof typeof INTERFACES;

/** Arguments that are CXT amounts; the governor's and timelock's `value`s are ether, so they are left out. */
const CXT_ARGS = new Set(['amount', 'cumulative', 'totalCumulative', 'value', 'escrow', 'active', 'pending', 'previousVotes', 'newVotes', 'dailyCap', 'largeTransferThreshold']);
const NOT_CXT: ReadonlySet<string> = new Set(['CorexGovernor', 'TimelockController']);
const MAX_VALUE = 2048;

export interface RawLog {
  index: number;
  address: string;
  topics: readonly string[];
  data: string;
}

/** A chain's Corex contracts: address (any case) → deployment key. */
export type ContractBook = Map<string, ContractKey>;

export function contractBook(contracts: Partial<Record<string, string | undefined>>): ContractBook {
  const book: ContractBook = new Map();
  for (const [key, address] of Object.entries(contracts)) {
    if (address && key in INTERFACES) book.set(address.toLowerCase(), key as ContractKey);
  }
  return book;
}

/** The logs of Corex contracts decoded with their ABIs; any other log (or one its ABI does not know) is only counted. */
export function decodeCorexLogs(logs: readonly RawLog[], book: ContractBook): { events: CorexEvent[]; otherLogs: number } {
  const events: CorexEvent[] = [];
  for (const log of logs) {
    const key = book.get(log.address.toLowerCase());
    if (!key) continue;
    const { contract, abi } = INTERFACES[key];
    const parsed = parse(abi, log);
    if (parsed) events.push({ logIndex: log.index, address: log.address, contract, event: parsed.name, args: args(parsed, contract) });
  }
  return { events, otherLogs: logs.length - events.length };
}

function parse(abi: Interface, log: RawLog): LogDescription | null {
  try {
    return abi.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return null;
  }
}

function args(parsed: LogDescription, contract: string): EventArg[] {
  return parsed.fragment.inputs.map((input: ParamType, i: number) => {
    const unit = !NOT_CXT.has(contract) && /^uint\d*$/.test(input.type) && CXT_ARGS.has(input.name) ? { unit: 'CXT' as const } : {};
    return { name: input.name || `arg${i}`, type: input.type, value: text(parsed.args[i]), ...unit };
  });
}

/** Event values as text: integers in decimal, an indexed string or bytes by its hash, tuples and arrays as JSON. */
export function text(value: unknown): string {
  const s = Indexed.isIndexed(value)
    ? value.hash ?? ''
    : typeof value === 'bigint' ? value.toString() : typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}
