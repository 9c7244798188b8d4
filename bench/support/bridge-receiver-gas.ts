/**
 * Receiver gas for the bridge bench: gas used (from the receipts) by CorexHub.receiveTask,
 * TaskPortal.receiveStatus and CorexPeerToken.receiveTransfer, each with a devnet-signed VAA of a
 * message really published on the other anvil, beside the gas used by a transaction that only calls
 * the receiving chain's core parseAndVerifyVM with the same VAA (the baseline: what verification
 * alone costs, 21k base and calldata included on both sides).
 */
import { id, Interface, toUtf8Bytes, type Signer, type TransactionReceipt } from 'ethers';
import { BSC_WH, CXT, mined, startBridgeFixture, universalAddress, type BridgeFixture } from '../../libs/chain-contracts/test/bridge-fixture';
import { result, type BenchResult } from '../report';

const STATUS = { accepted: 1, completed: 3 } as const;
const SPEC = JSON.stringify({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { batchRows: 200 } });

const CORE = new Interface(['function parseAndVerifyVM(bytes encodedVM)']);

/** Gas used by a mined transaction that only calls core.parseAndVerifyVM(vaa). */
async function bareVerifyGas(signer: Signer, core: string, vaa: string): Promise<number> {
  const data = CORE.encodeFunctionData('parseAndVerifyVM', [vaa]);
  const receipt = await mined(signer.sendTransaction({ to: core, data }));
  return Number(receipt.gasUsed);
}

interface Measured {
  metric: string;
  gas: number;
  baseline: number;
}

/** One pass of every receiver; figures of the second pass are the steady state (balances and limiter slots already written). */
async function pass(f: BridgeFixture): Promise<Measured[]> {
  const alice = f.bsc.wallet('alice').address;
  const out: Measured[] = [];
  const measure = async (metric: string, side: BridgeFixture['home'] | BridgeFixture['bsc'], vaa: string, receive: () => Promise<TransactionReceipt>) => {
    const gas = Number((await receive()).gasUsed);
    out.push({ metric, gas, baseline: await bareVerifyGas(side.wallet('carol'), side.core, vaa) });
  };

  // Home → BSC: 20 CXT locked at the hub, minted on BSC (below the large-transfer threshold: minted, not queued).
  await mined(f.home.cxt('alice').approve(f.deployment.home.hub, CXT(20)));
  const sent = await mined(f.home.hub('alice').sendTokens(BSC_WH, universalAddress(alice), CXT(20)));
  const transferVaa = f.sign(await f.home.observe(sent));
  await measure('receive_transfer_tx_gas', f.bsc, transferVaa, () => mined(f.bsc.token('bob').receiveTransfer(transferVaa)));

  // BSC → home: a task submitted on BSC's portal, recorded by the hub.
  await mined(f.bsc.token('alice').approve(f.deployment.remotes[0].portal, CXT(10)));
  const submitted = await mined(f.bsc.portal('alice').submitTask(toUtf8Bytes(SPEC), CXT(10)));
  const taskVaa = f.sign(await f.bsc.observe(submitted));
  const taskId = f.bsc.portal('alice').interface.parseLog(submitted.logs.find((l) => l.address === f.deployment.remotes[0].portal)!)!.args.taskId as string;
  await measure('receive_task_tx_gas', f.home, taskVaa, () => mined(f.home.hub('bob').receiveTask(taskVaa)));

  // Home → BSC: accepted (a status write), then completed (the escrow paid to the fee recipient).
  for (const [name, status] of [['accepted', STATUS.accepted], ['completed', STATUS.completed]] as const) {
    const published = await mined(f.home.hub('bridge').publishStatus(BSC_WH, taskId, status, status === STATUS.completed ? 1 : 0, id('result'), id('weights')));
    const statusVaa = f.sign(await f.home.observe(published));
    await measure(`receive_status_${name}_tx_gas`, f.bsc, statusVaa, () => mined(f.bsc.portal('carol').receiveStatus(statusVaa)));
  }
  return out;
}

/** Receiver gas per verified VAA (receipts) beside bare parseAndVerifyVM of the same VAA; two anvils (chain ids 1 and 56). */
export async function receiverGas(progress: (line: string) => void): Promise<BenchResult[]> {
  const f = await startBridgeFixture();
  try {
    await pass(f);
    const steady = await pass(f);
    for (const m of steady) progress(`${m.metric}: ${m.gas} (parseAndVerifyVM alone ${m.baseline})`);
    return steady.map((m) => result('bridge', m.metric, m.gas, { baseline: m.baseline }));
  } finally {
    await f.stop();
  }
}
