import { id, toBeHex, ZeroHash } from 'ethers';
import { BSC_WH, CXT, HOME_WH, mined, startBridgeFixture, universalAddress, type BridgeFixture } from './bridge-fixture';
import { events, expectRevert } from './fixture';

const NODE = id('node-1');
/** The bridge's own id of a reward transfer (the domain's rewardTransferId in production). */
const REWARD_ID = id('reward-1');

describe('CXT across chains: CorexHub locks at home, CorexPeerToken mints on BSC (rate-limited) and burns back', () => {
  let f: BridgeFixture;
  let snapshots: [string, string];
  beforeAll(async () => {
    f = await startBridgeFixture();
    await mined(f.home.cxt('alice').approve(f.deployment.home.hub, CXT(1_000_000)));
    await mined(f.home.cxt('bridge').approve(f.deployment.home.hub, CXT(1_000_000)));
  }, 120_000);
  beforeEach(async () => {
    snapshots = [await f.home.chain.snapshot(), await f.bsc.chain.snapshot()];
  });
  afterEach(async () => {
    await f.home.chain.revert(snapshots[0]);
    await f.bsc.chain.revert(snapshots[1]);
  });
  afterAll(async () => f?.stop());

  const alice = () => f.bsc.wallet('alice').address;

  /** alice sends `amount` from home to herself on BSC; returns the signed VAA of the hub's TokenTransfer. */
  async function sendToBsc(amount: bigint): Promise<string> {
    const receipt = await mined(f.home.hub('alice').sendTokens(BSC_WH, universalAddress(alice()), amount));
    return f.sign(await f.home.observe(receipt));
  }

  it('mints a node reward on BSC: the bridge locks CXT at home and the VAA mints it to the recipient', async () => {
    const hub = f.home.hub('bridge');
    const receipt = await mined(hub.bridgeReward(REWARD_ID, NODE, CXT(50), BSC_WH, universalAddress(alice())));
    const [sent] = events(receipt, hub, 'TokensSent');
    expect(sent).toEqual(expect.objectContaining({ transferId: REWARD_ID, targetChain: BigInt(BSC_WH), amount: CXT(50), nodeId: NODE }));
    expect(await hub.lockedFor(BSC_WH)).toBe(CXT(50));
    expect(await f.home.cxt('bob').balanceOf(f.deployment.home.hub)).toBe(CXT(50));

    const token = f.bsc.token('carol');
    const minted = await mined(token.receiveTransfer(f.sign(await f.home.observe(receipt))));
    expect(events(minted, token, 'TransferReceived')).toEqual([expect.objectContaining({ transferId: sent.transferId, recipient: alice(), amount: CXT(50), nodeId: NODE })]);
    expect(await token.balanceOf(alice())).toBe(CXT(50));
    await expectRevert(f.home.hub('alice').bridgeReward(id('reward-2'), NODE, CXT(1), BSC_WH, universalAddress(alice())), hub, 'AccessControlUnauthorizedAccount');
  });

  it('refuses a reward transfer id already sent, so a bridge resending after a crash pays once', async () => {
    const hub = f.home.hub('bridge');
    await mined(hub.bridgeReward(REWARD_ID, NODE, CXT(5), BSC_WH, universalAddress(alice())));
    await expectRevert(hub.bridgeReward(REWARD_ID, NODE, CXT(5), BSC_WH, universalAddress(alice())), hub, 'CorexHubTransferAlreadySent');
    await expectRevert(hub.bridgeReward(ZeroHash, NODE, CXT(5), BSC_WH, universalAddress(alice())), hub, 'CorexHubBadTransferId');
    expect(await hub.lockedFor(BSC_WH)).toBe(CXT(5));
    expect(await hub.transferSent(REWARD_ID)).toBe(true);
  });

  it('gives every outbound transfer its own transferId', async () => {
    const hub = f.home.hub('alice');
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const receipt = await mined(hub.sendTokens(BSC_WH, universalAddress(alice()), CXT(1)));
      ids.add(events(receipt, hub, 'TokensSent')[0].transferId as string);
    }
    expect(ids.size).toBe(3);
    expect(await hub.lockedFor(BSC_WH)).toBe(CXT(3));
  });

  it('queues a transfer over the rolling 24 h cap without minting it, and releases it once the capacity refilled', async () => {
    const token = f.bsc.token('carol');
    for (const vaa of [await sendToBsc(CXT(400)), await sendToBsc(CXT(400))]) await mined(token.receiveTransfer(vaa));
    expect(await token.currentCapacity()).toBe(CXT(200));
    const receipt = await mined(token.receiveTransfer(await sendToBsc(CXT(400))));
    const [queued] = events(receipt, token, 'TransferQueued');
    expect(queued).toEqual(expect.objectContaining({ recipient: alice(), amount: CXT(400) }));
    expect(await token.balanceOf(alice())).toBe(CXT(800));
    await expectRevert(token.releaseQueued(queued.transferId as string), token, 'InboundRateLimiterNotDue');

    // 200 CXT more capacity refills in a fifth of the day.
    await f.bsc.chain.increaseTime(86_400 / 5);
    await mined(token.releaseQueued(queued.transferId as string));
    expect(await token.balanceOf(alice())).toBe(CXT(1_200));
    await expectRevert(token.releaseQueued(queued.transferId as string), token, 'InboundRateLimiterAlreadyReleased');
  });

  it('holds a large transfer for the delay, then anyone releases it', async () => {
    const token = f.bsc.token('carol');
    const receipt = await mined(token.receiveTransfer(await sendToBsc(CXT(600))));
    const [queued] = events(receipt, token, 'TransferQueued');
    expect(await token.balanceOf(alice())).toBe(0n);
    await expectRevert(token.releaseQueued(queued.transferId as string), token, 'InboundRateLimiterNotDue');

    await f.bsc.chain.increaseTime(3_600);
    const released = await mined(token.releaseQueued(queued.transferId as string));
    expect(events(released, token, 'TransferReleased')).toEqual([{ transferId: queued.transferId, recipient: alice(), amount: CXT(600) }]);
    expect(await token.balanceOf(alice())).toBe(CXT(600));
    expect(await token.currentCapacity()).toBe(CXT(400));
  });

  it('burns on bridgeOut and publishes a TokenTransfer the hub releases once', async () => {
    await mined(f.bsc.token('carol').receiveTransfer(await sendToBsc(CXT(300))));
    const token = f.bsc.token('alice');
    const homeAlice = f.home.wallet('alice').address;
    const before = await f.home.cxt('bob').balanceOf(homeAlice);
    const receipt = await mined(token.bridgeOut(CXT(120), universalAddress(homeAlice)));
    expect(await token.totalSupply()).toBe(CXT(180));
    const [out] = events(receipt, token, 'BridgedOut');
    const vaa = f.sign(await f.bsc.observe(receipt));

    const hub = f.home.hub('carol');
    const released = await mined(hub.receiveTransfer(vaa));
    expect(events(released, hub, 'TransferReceived')).toEqual([expect.objectContaining({ transferId: out.transferId, sourceChain: BigInt(BSC_WH), recipient: homeAlice, amount: CXT(120) })]);
    expect(await f.home.cxt('bob').balanceOf(homeAlice)).toBe(before + CXT(120));
    expect(await hub.lockedFor(BSC_WH)).toBe(CXT(180));
    await expectRevert(hub.receiveTransfer(vaa), hub, 'CorexHubVaaConsumed');
  });

  it('holds a large transfer home in the hub\'s queue too, released after the delay', async () => {
    const token = f.bsc.token('carol');
    await mined(token.receiveTransfer(await sendToBsc(CXT(600))));
    await f.bsc.chain.increaseTime(3_600);
    await mined(token.releaseQueued((await token.queryFilter(token.filters.TransferQueued()))[0].args.transferId));
    const out = await mined(f.bsc.token('alice').bridgeOut(CXT(550), universalAddress(f.home.wallet('carol').address)));
    const hub = f.home.hub('bob');
    const [queued] = events(await mined(hub.receiveTransfer(f.sign(await f.bsc.observe(out)))), hub, 'TransferQueued');
    expect(queued).toEqual(expect.objectContaining({ recipient: f.home.wallet('carol').address, amount: CXT(550) }));
    await expectRevert(hub.releaseQueued(queued.transferId as string), hub, 'InboundRateLimiterNotDue');
    await f.home.chain.increaseTime(3_600);
    const before = await f.home.cxt('bob').balanceOf(f.home.wallet('carol').address);
    await mined(hub.releaseQueued(queued.transferId as string));
    expect(await f.home.cxt('bob').balanceOf(f.home.wallet('carol').address)).toBe(before + CXT(550));
  });

  it('never releases more at home than was sent to that chain', async () => {
    await mined(f.bsc.token('carol').receiveTransfer(await sendToBsc(CXT(10))));
    const receipt = await mined(f.bsc.token('alice').bridgeOut(CXT(10), universalAddress(alice())));
    const body = await f.bsc.observe(receipt);
    const inflated = body.payload.slice(0, 2 + 2 * 68) + toBeHex(CXT(11), 32).slice(2) + body.payload.slice(2 + 2 * 100);
    const hub = f.home.hub('carol');
    await expectRevert(hub.receiveTransfer(f.sign({ ...body, payload: inflated })), hub, 'CorexHubExceedsLocked', [BigInt(BSC_WH), CXT(10), CXT(11)]);
  });

  it('refuses a transfer addressed to another chain, and a replayed one', async () => {
    const receipt = await mined(f.home.hub('alice').sendTokens(BSC_WH, universalAddress(alice()), CXT(5)));
    const body = await f.home.observe(receipt);
    const retargeted = body.payload.slice(0, 2 + 2 * 34) + '0017' + body.payload.slice(2 + 2 * 36);
    const token = f.bsc.token('carol');
    await expectRevert(token.receiveTransfer(f.sign({ ...body, payload: retargeted })), token, 'CorexPeerTokenWrongTargetChain', [23n]);
    await mined(token.receiveTransfer(f.sign(body)));
    await expectRevert(token.receiveTransfer(f.sign(body)), token, 'CorexPeerTokenVaaConsumed');
    // The same message observed again (another timestamp) is a new VAA but not a new transfer.
    await expectRevert(token.receiveTransfer(f.sign({ ...body, timestamp: body.timestamp + 1 })), token, 'CorexPeerTokenTransferKnown');
  });

  it('sends to Solana only whole 1e9-wei units, and nowhere without a registered peer', async () => {
    const hub = f.home.hub('alice');
    await expectRevert(hub.sendTokens(1, id('solana-owner'), CXT(1)), hub, 'CorexHubUnknownChain', [1n]);
    await mined(f.home.hub('deployer').setTokenPeer(1, id('solana-bridge-authority')));
    await expectRevert(hub.sendTokens(1, id('solana-owner'), 10n ** 9n + 1n), hub, 'CorexHubSolanaDust', [10n ** 9n + 1n]);
    const receipt = await mined(hub.sendTokens(1, id('solana-owner'), 3n * 10n ** 9n));
    expect(events(receipt, hub, 'TokensSent')[0]).toEqual(expect.objectContaining({ targetChain: 1n, recipient: id('solana-owner'), nodeId: ZeroHash }));
    await expectRevert(hub.sendTokens(HOME_WH, universalAddress(alice()), CXT(1)), hub, 'CorexHubUnknownChain', [BigInt(HOME_WH)]);
  });
});
