import { zeroPadValue } from 'ethers';
import { CorexToken__factory, MiningPool__factory, ProofRegistry__factory, TimelockController__factory } from '@corex/chain-contracts';
import { contractBook, decodeCorexLogs, text, type RawLog } from './corex-logs';

const POOL = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const REGISTRY = '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9';
const TIMELOCK = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const PAYOUT = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const NODE = `0x${'1d'.repeat(32)}`;
const ROOT = `0x${'ab'.repeat(32)}`;

const log = (index: number, address: string, encoded: { topics: string[]; data: string }): RawLog => ({ index, address, ...encoded });
const book = contractBook({ miningPool: POOL, token: TOKEN, proofRegistry: REGISTRY, timelock: TIMELOCK, wormholeCore: `0x${'9'.repeat(40)}` });

describe('decodeCorexLogs', () => {
  it('decodes a MiningPool payout with its CXT amounts marked, whatever the address case', () => {
    const pool = MiningPool__factory.createInterface();
    const paid = pool.encodeEventLog('RewardPaid', [NODE, PAYOUT, 3n * 10n ** 18n, 5n * 10n ** 18n]);
    const { events, otherLogs } = decodeCorexLogs([log(4, POOL.toLowerCase(), paid)], book);
    expect(otherLogs).toBe(0);
    expect(events).toEqual([
      {
        logIndex: 4,
        address: POOL.toLowerCase(),
        contract: 'MiningPool',
        event: 'RewardPaid',
        args: [
          { name: 'nodeId', type: 'bytes32', value: NODE },
          { name: 'payout', type: 'address', value: PAYOUT },
          { name: 'amount', type: 'uint256', value: '3000000000000000000', unit: 'CXT' },
          { name: 'cumulative', type: 'uint256', value: '5000000000000000000', unit: 'CXT' },
        ],
      },
    ]);
  });

  it('decodes a ProofRegistry anchor (epoch and root, no CXT) and an ERC-20 Transfer (value in CXT)', () => {
    const anchored = ProofRegistry__factory.createInterface().encodeEventLog('EpochAnchored', [7n, ROOT, 12n]);
    const transfer = CorexToken__factory.createInterface().encodeEventLog('Transfer', [POOL, PAYOUT, 10n ** 18n]);
    const { events } = decodeCorexLogs([log(0, REGISTRY, anchored), log(1, TOKEN, transfer)], book);
    expect(events.map((e) => [e.contract, e.event, e.args])).toEqual([
      ['ProofRegistry', 'EpochAnchored', [{ name: 'epoch', type: 'uint64', value: '7' }, { name: 'root', type: 'bytes32', value: ROOT }, { name: 'records', type: 'uint32', value: '12' }]],
      ['CorexToken', 'Transfer', [{ name: 'from', type: 'address', value: POOL }, { name: 'to', type: 'address', value: PAYOUT }, { name: 'value', type: 'uint256', value: '1000000000000000000', unit: 'CXT' }]],
    ]);
  });

  it("counts logs of other contracts, and logs a Corex contract's ABI does not know, without decoding them", () => {
    const unknownTopic = { topics: [zeroPadValue('0x01', 32)], data: '0x' };
    const foreign = log(0, `0x${'9'.repeat(40)}`, unknownTopic);
    const stray = log(1, POOL, unknownTopic);
    expect(decodeCorexLogs([foreign, stray], book)).toEqual({ events: [], otherLogs: 2 });
  });

  it("does not call the timelock's ether value CXT", () => {
    const timelock = TimelockController__factory.createInterface();
    const scheduled = timelock.encodeEventLog('CallScheduled', [ROOT, 0n, PAYOUT, 5n, '0x', ROOT, 60n]);
    const [event] = decodeCorexLogs([log(0, TIMELOCK, scheduled)], book).events;
    expect(event?.args.find((a) => a.name === 'value')).toEqual({ name: 'value', type: 'uint256', value: '5' });
  });
});

describe('text', () => {
  it('writes integers in decimal, arrays as JSON and cuts what is too long', () => {
    expect(text(2n ** 200n)).toBe((2n ** 200n).toString());
    expect(text([1n, 'a'])).toBe('["1","a"]');
    const long = text(`0x${'f'.repeat(5000)}`);
    expect(long).toHaveLength(2049);
    expect(long.endsWith('…')).toBe(true);
  });
});
