import { createCorexCatalog, PayoutRouteChosen } from '@corex/events';
import { deciderSpec, deterministicId } from '@corex/platform';
import { isSolanaAddress } from './chains';
import { decidePayoutRoute, evolvePayoutRoute, initialPayoutRouteState, type ChoosePayoutRoute, type PayoutRouteChosenEvent } from './payout-route';

const routes = deciderSpec({ decide: decidePayoutRoute, evolve: evolvePayoutRoute, initialState: initialPayoutRouteState });
const nodeId = 'U'.repeat(56);
const now = new Date('2026-11-30T12:00:00.000Z');
const solanaOwner = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const evm = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

function choose(targetChain: string | number, recipient: string, messageHash = 'a'.repeat(64)): ChoosePayoutRoute {
  return { kind: 'ChoosePayoutRoute', nodeId, targetChain, recipient, messageHash, signature: 'sig', now };
}
function chosen(name: string, wormholeChainId: number, recipient: string, messageHash = 'a'.repeat(64)): PayoutRouteChosenEvent {
  const data = { nodeId, targetChain: { name, wormholeChainId }, recipient, messageHash, signature: 'sig', chosenAt: now.toISOString() };
  return { id: deterministicId(PayoutRouteChosen.type, messageHash), type: PayoutRouteChosen.type, data } as PayoutRouteChosenEvent;
}

describe('payout route (the chain and recipient a node signed for its rewards)', () => {
  it('given no route, when a node signs a Solana owner, then the route is recorded, valid in the catalog', () => {
    routes.given([]).when(choose('solana', solanaOwner)).then([chosen('solana', 1, solanaOwner)]);
    createCorexCatalog().validate(PayoutRouteChosen.type, chosen('solana', 1, solanaOwner).data);
  });

  it('given a route, when the node signs another chain by Wormhole id, then the new route replaces it', () => {
    const state = [chosen('solana', 1, solanaOwner)].reduce(evolvePayoutRoute, initialPayoutRouteState());
    const next = decidePayoutRoute(choose(23, evm, 'b'.repeat(64)), state);
    expect(next).toEqual([chosen('arbitrum', 23, evm, 'b'.repeat(64))]);
    expect(next.reduce(evolvePayoutRoute, state).route).toEqual({ targetChain: 'arbitrum', recipient: evm });
  });

  it('given a route, when the same message or the same route is sent again, then nothing', () => {
    routes.given([chosen('bsc', 4, evm)]).when(choose('bsc', evm)).then([]);
    routes.given([chosen('bsc', 4, evm)]).when(choose('bsc', evm, 'c'.repeat(64))).then([]);
  });

  it('refuses a recipient that cannot hold tokens on the chain: BRIDGE.BAD_RECIPIENT', () => {
    routes.given([]).when(choose('solana', evm)).thenThrows('BRIDGE.BAD_RECIPIENT');
    routes.given([]).when(choose('bsc', solanaOwner)).thenThrows('BRIDGE.BAD_RECIPIENT');
    routes.given([]).when(choose('solana', '1'.repeat(44))).thenThrows('BRIDGE.BAD_RECIPIENT');
  });

  it('refuses a chain the bridge does not serve: BRIDGE.UNKNOWN_CHAIN', () => {
    routes.given([]).when(choose('polygon', evm)).thenThrows('BRIDGE.UNKNOWN_CHAIN');
  });

  it('tells a Solana key by its 32 decoded bytes, not by its alphabet alone', () => {
    expect(isSolanaAddress(solanaOwner)).toBe(true);
    expect(isSolanaAddress('11111111111111111111111111111111')).toBe(true);
    expect(isSolanaAddress('1'.repeat(44))).toBe(false);
    expect(isSolanaAddress(`${solanaOwner.slice(0, -1)}0`)).toBe(false);
  });
});
