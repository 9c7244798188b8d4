import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { computeAddress, hexlify, type Contract } from 'ethers';
import { deployWormholeCore, type WormholeCoreDeployment } from '@corex/chain-contracts';
import { freePort, startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { fetchSignedVaa } from '../client';
import { encodeTaskStatus, encodeTaskSubmitted, taskIdOf } from '../payloads';
import { toUniversalAddress } from '../vaa';
import { verifyVaa } from '../verify';
import { CORE_EVENTS, DEVNET_GUARDIAN_KEY, startDevnetGuardian, type DevnetGuardian, type ObservedChain } from '.';

interface Side {
  name: string;
  anvil: AnvilChain;
  wormholeChainId: number;
  deployment: WormholeCoreDeployment;
  /** The message this test published on the chain. */
  message: { emitter: string; sequence: bigint; payload: string; blockTimestamp: number };
}

const zero = `0x${'00'.repeat(32)}`;

async function publish(core: Contract, anvil: AnvilChain, payload: string): Promise<Side['message']> {
  const emitter = anvil.wallet(1);
  const receipt = await (await (core.connect(emitter) as Contract).publishMessage(7, payload, 1)).wait();
  const event = receipt.logs.map((l: { topics: string[]; data: string }) => CORE_EVENTS.parseLog(l)).find(Boolean)!;
  const block = await anvil.provider.getBlock(receipt.blockNumber);
  return { emitter: emitter.address, sequence: event.args.sequence, payload, blockTimestamp: block!.timestamp };
}

describe('the devnet guardian', () => {
  let sides: Side[];
  let guardian: DevnetGuardian;
  const observed = (): ObservedChain[] =>
    sides.map((s) => ({ wormholeChainId: s.wormholeChainId, rpcUrl: s.anvil.rpcUrl, coreAddress: s.deployment.address, fromBlock: s.deployment.deployedAtBlock }));

  beforeAll(async () => {
    const guardians = [computeAddress(DEVNET_GUARDIAN_KEY)];
    const [home, bsc] = await Promise.all([startAnvil({ chainId: 1 }), startAnvil({ chainId: 56 })]);
    const [homeCore, bscCore] = await Promise.all([
      deployWormholeCore(home.wallet(0), { wormholeChainId: 2, evmChainId: 1n, guardians }),
      deployWormholeCore(bsc.wallet(0), { wormholeChainId: 4, evmChainId: 56n, guardians }),
    ]);
    const taskId = taskIdOf(4, bscCore.address, 1n);
    const submitted = encodeTaskSubmitted({ taskId, submitter: toUniversalAddress(bsc.wallet(1).address), token: zero, escrow: 10n ** 18n, spec: '{"kind":"inference"}' });
    const status = encodeTaskStatus({ targetChain: 4, taskId, status: 3, verification: 1, resultHash: zero, weightsHash: zero });
    sides = [
      { name: 'Ethereum', anvil: home, wormholeChainId: 2, deployment: homeCore, message: await publish(homeCore.core, home, status) },
      { name: 'BSC', anvil: bsc, wormholeChainId: 4, deployment: bscCore, message: await publish(bscCore.core, bsc, submitted) },
    ];
    guardian = await startDevnetGuardian({ chains: observed(), pollMs: 100 });
  }, 120_000);

  afterAll(async () => {
    await guardian?.close();
    await Promise.all((sides ?? []).map((s) => s.anvil.stop()));
  });

  it('serves a message published on each chain signed, verifiable off-chain and accepted by the other chain core', async () => {
    for (const [side, other] of [sides, [...sides].reverse()] as [Side, Side][]) {
      const { emitter, sequence, payload, blockTimestamp } = side.message;
      const bytes = await fetchSignedVaa(guardian.url, side.wormholeChainId, toUniversalAddress(emitter), sequence, { timeoutMs: 30_000, pollMs: 50 });
      const [keys, expiresAt] = await side.deployment.core.getGuardianSet(0);
      const verified = await verifyVaa(bytes, { guardianSets: new Map([[0, { keys, expiresAt: Number(expiresAt) }]]), allowedEmitters: [{ chain: side.wormholeChainId, address: emitter }] });
      expect(verified).toMatchObject({ ok: true, vaa: { emitterChain: side.wormholeChainId, sequence, payload, timestamp: blockTimestamp, nonce: 7, consistencyLevel: 1 } });
      const [vm, valid, reason] = await other.deployment.core.parseAndVerifyVM(bytes);
      expect({ valid, reason, from: vm.emitterChainId, emitter: vm.emitterAddress, payload: vm.payload }).toEqual({
        valid: true,
        reason: '',
        from: BigInt(side.wormholeChainId),
        emitter: toUniversalAddress(emitter),
        payload,
      });
    }
  });

  it('answers 404 for a message it has not observed and reports its progress on /health', async () => {
    const emitter = toUniversalAddress(sides[0]!.message.emitter).slice(2);
    expect((await fetch(`${guardian.url}/v1/signed_vaa/2/${emitter}/999`)).status).toBe(404);
    const health = await (await fetch(`${guardian.url}/health`)).json();
    expect(health).toMatchObject({ ok: true, chains: [{ wormholeChainId: 2 }, { wormholeChainId: 4 }] });
  });

  it('restarted as its bin process, rescans from the start blocks and serves byte-identical VAAs', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(__dirname, '../../bin/devnet-guardian.js'), '--port', String(port)], {
      env: { ...process.env, COREX_GUARDIAN_CHAINS: JSON.stringify(observed()), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (const side of sides) {
        const { emitter, sequence } = side.message;
        const first = await fetchSignedVaa(guardian.url, side.wormholeChainId, emitter, sequence, { timeoutMs: 30_000, pollMs: 50 });
        const again = await fetchSignedVaa(`http://127.0.0.1:${port}`, side.wormholeChainId, emitter, sequence, { timeoutMs: 30_000, pollMs: 100 });
        expect(hexlify(again)).toBe(hexlify(first));
      }
    } catch (err) {
      throw new Error(`${(err as Error).message}\nguardian stderr: ${stderr}`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
