import { createUser } from '@nats-io/nkeys';
import { signOperatorChallenge, verifyOperatorChallenge } from './operator-login';
import { signNodeMessage } from './signing';

const keyOf = () => {
  const user = createUser();
  return { nodeId: user.getPublicKey(), seed: new TextDecoder().decode(user.getSeed()) };
};

describe('operator-login signatures', () => {
  const node = keyOf();
  const other = keyOf();

  it("verifies the node's signature of its challenge", () => {
    expect(verifyOperatorChallenge(node.nodeId, 'cxc_1', signOperatorChallenge(node.nodeId, 'cxc_1', node.seed))).toBe(true);
  });

  it('refuses it for another challenge, another node, or a garbled signature', () => {
    const signature = signOperatorChallenge(node.nodeId, 'cxc_1', node.seed);
    expect(verifyOperatorChallenge(node.nodeId, 'cxc_2', signature)).toBe(false);
    expect(verifyOperatorChallenge(other.nodeId, 'cxc_1', signature)).toBe(false);
    expect(verifyOperatorChallenge(node.nodeId, 'cxc_1', 'not-a-signature')).toBe(false);
    expect(verifyOperatorChallenge('not-a-key', 'cxc_1', signature)).toBe(false);
  });

  it('refuses a signature the node made for another kind of message over the same fields', () => {
    const message = signNodeMessage('set-payout-route', { challenge: 'cxc_1', nodeId: node.nodeId } as never, node.seed);
    expect(verifyOperatorChallenge(node.nodeId, 'cxc_1', message.signature)).toBe(false);
  });
});
