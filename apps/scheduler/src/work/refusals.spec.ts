import { createLogger } from '@corex/platform';
import { NodeGate } from '../node-gate/node-gate';
import { gateRefusal } from './refusals';

const logger = createLogger('test', 'silent');
const audit = { record: async () => undefined };

describe('gateRefusal', () => {
  it('refuses a node the network does not know before it takes a place in the nonce memory', async () => {
    const gate = new NodeGate({ ratePerSecond: 100, burst: 100, maxNonces: 2 });
    // Fresh keys, each with its own nonce: none of them may fill the memory real nodes need.
    for (let i = 0; i < 10; i++) {
      expect(await gateRefusal(gate, audit, logger, { nodeId: `stranger-${i}`, nonce: `n${i}` }, 'work-request', false)).toMatchObject({ code: 'NODE.UNKNOWN_NODE' });
    }
    expect(await gateRefusal(gate, audit, logger, { nodeId: 'member', nonce: 'a' }, 'work-request', true)).toBeNull();
    expect(await gateRefusal(gate, audit, logger, { nodeId: 'member', nonce: 'b' }, 'work-request', true)).toBeNull();
    expect(await gateRefusal(gate, audit, logger, { nodeId: 'member', nonce: 'a' }, 'work-request', true)).toMatchObject({ code: 'NODE.REPLAYED' });
  });
});
