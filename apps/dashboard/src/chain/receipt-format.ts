import type { Schemas } from '@corex/client';

export type ChainTransaction = Schemas['ChainTransaction'];
export type EvmTransaction = Schemas['EvmTransaction'];
export type SolanaTransaction = Schemas['SolanaTransaction'];
export type ChainEvent = Schemas['ChainEvent'];
type CxtChange = Schemas['SolanaCxtChange'];
type EventArg = Schemas['ChainEventArg'];

const ZERO_ADDRESS = `0x${'0'.repeat(40)}`;

/**
 * An amount in the token's smallest unit as CXT to the last unit (a payout is shown exactly, not
 * rounded), trailing zeros dropped: 18 decimals on the EVM chains, 9 on Solana.
 */
export function cxtExact(units: string, decimals = 18): string {
  const match = /^(-?)(\d+)$/.exec(units);
  if (!match) return units;
  const padded = match[2]!.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return `${match[1]}${whole}${fraction ? `.${fraction}` : ''} CXT`;
}

/** A Solana owner's CXT change, signed: `+2.5 CXT`. */
export function cxtChangeText(change: CxtChange): string {
  const text = cxtExact(change.change, change.decimals);
  return text.startsWith('-') ? text : `+${text}`;
}

/** An argument as people read it: CXT amounts in CXT, the rest as the chain has it. */
export function argText(arg: EventArg): string {
  return arg.unit === 'CXT' ? cxtExact(arg.value) : arg.value;
}

type Describe = (a: (name: string) => string) => string;

/** What the Corex events a dashboard user meets say, in words; any other event lists its arguments. */
const SENTENCES: Record<string, Describe> = {
  'MiningPool.RewardPaid': (a) => `Paid ${a('amount')} to ${a('payout')} for node ${a('nodeId')} (${a('cumulative')} paid to this node in all)`,
  'MiningPool.RootPosted': (a) => `Reward root of epoch ${a('epoch')} posted: ${a('root')} (${a('totalCumulative')} owed to all nodes in all)`,
  'MiningPool.Deposited': (a) => `Deposited ${a('amount')} from ${a('from')} for account ${a('accountId')}`,
  'MiningPool.Refunded': (a) => `Refunded ${a('amount')} to ${a('to')} from account ${a('accountId')}`,
  'ProofRegistry.EpochAnchored': (a) => `Proof-of-Compute root of epoch ${a('epoch')} anchored: ${a('root')} over ${a('records')} records`,
  'ProofRegistry.ModelRecorded': (a) => `Model version of job ${a('jobId')} recorded: weights ${a('weightsHash')}, step ${a('step')}`,
  'StakingPool.Staked': (a) => `Staked ${a('amount')} for node ${a('nodeId')} by ${a('staker')} (${a('active')} active)`,
  'StakingPool.Slashed': (a) => `Slashed ${a('amount')} from node ${a('nodeId')} on evidence ${a('evidenceHash')}`,
  'StakingPool.PayoutBound': (a) => `Node ${a('nodeId')} bound its payout address ${a('payout')}`,
  'CorexHub.TokensSent': (a) => `Sent ${a('amount')} over the bridge to ${a('recipient')} on Wormhole chain ${a('targetChain')}`,
};

export function eventSentence(event: ChainEvent): string {
  const value = (name: string) => {
    const arg = event.args.find((x) => x.name === name);
    return arg ? argText(arg) : '?';
  };
  if (event.event === 'Transfer' && event.args.length === 3) {
    const [from, to, amount] = event.args.map(argText);
    return from === ZERO_ADDRESS ? `Minted ${amount} to ${to}` : `Transferred ${amount} from ${from} to ${to}`;
  }
  const sentence = SENTENCES[`${event.contract}.${event.event}`];
  return sentence ? sentence(value) : event.args.map((x) => `${x.name} ${argText(x)}`).join(', ');
}

/** The receipt's facts, in the order a reader checks them. */
export function receiptFacts(tx: ChainTransaction): [string, string][] {
  if (tx.kind === 'solana') {
    return [
      ['Status', tx.status === 'success' ? 'succeeded' : `failed: ${tx.error ?? 'no error given'}`],
      ['Chain', 'solana'],
      ['Slot', `${tx.slot}`],
      ['Time', tx.timestamp ?? 'not known to the cluster'],
      ['Signed by', tx.signers.join(', ')],
    ];
  }
  return [
    ['Status', tx.status === 'success' ? 'succeeded' : 'reverted'],
    ['Chain', `${tx.chain} (EVM chain id ${tx.evmChainId})`],
    ['Block', `${tx.blockNumber}`],
    ['Block hash', tx.blockHash],
    ['Time', tx.timestamp],
    ['From', tx.from],
    ['To', tx.to ?? `created contract ${tx.contractAddress ?? '?'}`],
    ['Gas used', tx.gasUsed],
  ];
}

/** A problem of the transaction route in words, with what to do about the ones people meet. */
export function transactionProblem(problem: { code?: string; detail?: string } | undefined, status: number): string {
  const said = problem?.detail ? `${problem.detail} (${problem.code ?? status})` : `The marketplace answered ${status}.`;
  if (problem?.code === 'CHAIN.TX_NOT_FOUND') return `${said}. A local chain restarted since forgets its transactions.`;
  if (problem?.code === 'CHAIN.UNAVAILABLE') return `${said}. Try again once the chain is running.`;
  return said;
}
