import { argText, cxtChangeText, cxtExact, eventSentence, receiptFacts, transactionProblem, type ChainEvent, type ChainTransaction } from './receipt-format';

const POOL = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';
const PAYOUT = '0xB0B0b0B0B0B0B0b0B0B0B0b0b0b0b0B0b0b0B0B0';
const ROOT = `0x${'ab'.repeat(32)}`;
const event = (contract: string, name: string, args: ChainEvent['args']): ChainEvent => ({ logIndex: 0, address: POOL, contract, event: name, args });

describe('receipt formatting', () => {
  it('shows CXT to the last wei, without trailing zeros', () => {
    expect(cxtExact('3000000000000000000')).toBe('3 CXT');
    expect(cxtExact('1')).toBe('0.000000000000000001 CXT');
    expect(cxtExact('12345000000000000000000')).toBe('12345 CXT');
    expect(cxtExact('1500000000000000000')).toBe('1.5 CXT');
    expect(cxtExact('0')).toBe('0 CXT');
    expect(cxtExact('2500000000', 9)).toBe('2.5 CXT');
    expect(cxtExact('-1', 9)).toBe('-0.000000001 CXT');
    expect(cxtChangeText({ owner: 'o', change: '2500000000', decimals: 9 })).toBe('+2.5 CXT');
    expect(cxtChangeText({ owner: 'o', change: '-3000000000', decimals: 9 })).toBe('-3 CXT');
    expect(argText({ name: 'epoch', type: 'uint64', value: '7' })).toBe('7');
  });

  it('says what a payout, an anchor and a CXT transfer did, in words', () => {
    const paid = event('MiningPool', 'RewardPaid', [
      { name: 'nodeId', type: 'bytes32', value: ROOT },
      { name: 'payout', type: 'address', value: PAYOUT },
      { name: 'amount', type: 'uint256', value: '3000000000000000000', unit: 'CXT' },
      { name: 'cumulative', type: 'uint256', value: '5000000000000000000', unit: 'CXT' },
    ]);
    expect(eventSentence(paid)).toBe(`Paid 3 CXT to ${PAYOUT} for node ${ROOT} (5 CXT paid to this node in all)`);
    const anchored = event('ProofRegistry', 'EpochAnchored', [
      { name: 'epoch', type: 'uint64', value: '7' },
      { name: 'root', type: 'bytes32', value: ROOT },
      { name: 'records', type: 'uint32', value: '12' },
    ]);
    expect(eventSentence(anchored)).toBe(`Proof-of-Compute root of epoch 7 anchored: ${ROOT} over 12 records`);
    const transfer = (from: string) =>
      event('CorexToken', 'Transfer', [
        { name: 'from', type: 'address', value: from },
        { name: 'to', type: 'address', value: PAYOUT },
        { name: 'value', type: 'uint256', value: '2500000000000000000', unit: 'CXT' },
      ]);
    expect(eventSentence(transfer(POOL))).toBe(`Transferred 2.5 CXT from ${POOL} to ${PAYOUT}`);
    expect(eventSentence(transfer(`0x${'0'.repeat(40)}`))).toBe(`Minted 2.5 CXT to ${PAYOUT}`);
  });

  it('lists the arguments of an event it has no words for', () => {
    const other = event('CorexHub', 'PortalRegistered', [
      { name: 'chain', type: 'uint16', value: '4' },
      { name: 'emitter', type: 'bytes32', value: ROOT },
    ]);
    expect(eventSentence(other)).toBe(`chain 4, emitter ${ROOT}`);
  });

  it('lists the receipt facts, a creation naming its contract', () => {
    const tx: ChainTransaction = {
      kind: 'evm',
      chain: 'ethereum',
      evmChainId: 31337,
      txHash: ROOT,
      blockNumber: 12,
      blockHash: ROOT,
      timestamp: '2026-11-30T17:00:00.000Z',
      from: PAYOUT,
      to: null,
      contractAddress: POOL,
      status: 'reverted',
      gasUsed: '21000',
      events: [],
      otherLogs: 0,
    };
    expect(Object.fromEntries(receiptFacts(tx))).toMatchObject({ Status: 'reverted', Chain: 'ethereum (EVM chain id 31337)', To: `created contract ${POOL}`, 'Gas used': '21000' });
  });

  it('lists a Solana transaction by slot and signers, a failure with its error', () => {
    const tx: ChainTransaction = {
      kind: 'solana',
      chain: 'solana',
      signature: '5'.repeat(88),
      slot: 42,
      timestamp: null,
      status: 'failed',
      error: '{"InstructionError":[0,"InvalidArgument"]}',
      signers: ['A1ice', 'Bob'],
      memos: [],
      cxtChanges: [],
    };
    expect(receiptFacts(tx)).toEqual([
      ['Status', 'failed: {"InstructionError":[0,"InvalidArgument"]}'],
      ['Chain', 'solana'],
      ['Slot', '42'],
      ['Time', 'not known to the cluster'],
      ['Signed by', 'A1ice, Bob'],
    ]);
  });

  it('words the problems people meet with what to do', () => {
    expect(transactionProblem({ code: 'CHAIN.TX_NOT_FOUND', detail: 'the ethereum chain holds no mined transaction 0x12' }, 404)).toBe(
      'the ethereum chain holds no mined transaction 0x12 (CHAIN.TX_NOT_FOUND). A local chain restarted since forgets its transactions.',
    );
    expect(transactionProblem({ code: 'CHAIN.UNAVAILABLE', detail: 'the bsc chain does not answer at its RPC URL' }, 503)).toMatch(/Try again once the chain is running\.$/);
    expect(transactionProblem(undefined, 502)).toBe('The marketplace answered 502.');
  });
});
