/**
 * Bridge bench (issue 14). Part 1: VAAs verified per second off-chain by @corex/wormhole's
 * verifyVaa (parse, guardian set, quorum, ascending indices, ecrecover == guardian key, emitter,
 * replay) beside @wormhole-foundation/sdk-definitions' own deserialize + signature verification
 * (SignatureUtils.validate against each guardian's public key, same quorum and index rules) of the
 * same VAAs in the same run; for the devnet set (1 guardian) and a mainnet-sized set (13 of 19).
 * Part 2: gas of the real Wormhole core's parseAndVerifyVM per VAA (eth_estimateGas of a
 * transaction calling it: 21k base and calldata included) on anvil; then gas used by the receivers
 * (CorexHub.receiveTask, TaskPortal.receiveStatus, CorexPeerToken.receiveTransfer) beside a bare
 * parseAndVerifyVM transaction of the same VAA (support/bridge-receiver-gas.ts). Part 3: a trivial
 * task from BSC's portal until completed on BSC beside the same job sent straight to the marketplace
 * API (support/bridge-end-to-end.ts).
 */
import { performance } from 'node:perf_hooks';
import { deserialize, keccak256 as sdkKeccak, SignatureUtils } from '@wormhole-foundation/sdk-definitions';
import { computeAddress, getBytes, id } from 'ethers';
import { deployWormholeCore } from '@corex/chain-contracts';
import { startAnvil } from '@corex/chain-contracts/src/testing/anvil';
import { DEVNET_GUARDIAN_KEY, encodeTaskSubmitted, quorum, serializeVaa, signVaa, taskIdOf, toUniversalAddress, verifyVaa, type GuardianSet } from '@corex/wormhole';
import { median, result, type BenchResult } from './report';
import { endToEndBsc } from './support/bridge-end-to-end';
import { receiverGas } from './support/bridge-receiver-gas';

const ROUNDS = 3;
const PORTAL = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const progress = (line: string) => process.stderr.write(`[bridge bench] ${line}\n`);

interface GuardianSetup {
  name: string;
  keys: string[];
  /** Guardian indices that sign (ascending). */
  signers: number[];
  vaas: number;
}

const SETUPS: GuardianSetup[] = [
  { name: 'devnet_1_of_1', keys: [DEVNET_GUARDIAN_KEY], signers: [0], vaas: 500 },
  // 19 guardians as on mainnet; a quorum of 13 signs, as the guardian network sends VAAs once quorum is reached.
  { name: 'mainnet_13_of_19', keys: Array.from({ length: 19 }, (_, i) => id(`corex bench guardian ${i}`)), signers: Array.from({ length: quorum(19) }, (_, i) => i), vaas: 60 },
];

/** TaskSubmitted VAAs from BSC's portal, sequence 0..n-1. */
function buildVaas(setup: GuardianSetup): Uint8Array[] {
  return Array.from({ length: setup.vaas }, (_, i) => {
    const payload = encodeTaskSubmitted({ taskId: taskIdOf(4, PORTAL, BigInt(i)), submitter: toUniversalAddress(PORTAL), token: toUniversalAddress(PORTAL), escrow: 10n ** 18n, spec: `{"kind":"inference","n":${i}}` });
    const body = { timestamp: 1_700_000_000 + i, nonce: i, emitterChain: 4, emitterAddress: toUniversalAddress(PORTAL), sequence: BigInt(i), consistencyLevel: 1, payload };
    return getBytes(serializeVaa(signVaa(body, setup.signers.map((g) => setup.keys[g]!), 0, setup.signers)));
  });
}

/** The SDK's way: deserialize, then verify each signature against the guardian's public key. */
function sdkVerify(bytes: Uint8Array, pubkeys: Uint8Array[]): boolean {
  const vaa = deserialize('Uint8Array', bytes);
  if (vaa.guardianSet !== 0 || vaa.signatures.length < quorum(pubkeys.length)) return false;
  const digest = sdkKeccak(vaa.hash);
  let last = -1;
  for (const { guardianIndex, signature } of vaa.signatures) {
    if (guardianIndex <= last || guardianIndex >= pubkeys.length) return false;
    last = guardianIndex;
    if (!SignatureUtils.validate(signature, pubkeys[guardianIndex]!, digest)) return false;
  }
  return true;
}

async function perSecond(vaas: Uint8Array[], verify: (bytes: Uint8Array) => Promise<boolean> | boolean): Promise<number> {
  const started = performance.now();
  for (const bytes of vaas) if (!(await verify(bytes))) throw new Error('a valid VAA was refused');
  return vaas.length / ((performance.now() - started) / 1000);
}

async function offChain(setup: GuardianSetup): Promise<BenchResult[]> {
  const vaas = buildVaas(setup);
  const guardianSets = new Map<number, GuardianSet>([[0, { keys: setup.keys.map((k) => computeAddress(k)) }]]);
  const options = { guardianSets, allowedEmitters: [{ chain: 4, address: PORTAL }], consumed: new Set<string>(), now: 1_800_000_000 };
  const pubkeys = setup.keys.map((k) => SignatureUtils.toPubkey(k.slice(2)));
  const ours: number[] = [];
  const sdk: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so neither side always runs on a warmer JIT.
    const pair = [async () => ours.push(await perSecond(vaas, async (b) => (await verifyVaa(b, options)).ok)), async () => sdk.push(await perSecond(vaas, (b) => sdkVerify(b, pubkeys)))];
    for (const step of round % 2 ? pair.reverse() : pair) await step();
    progress(`${setup.name} round ${round + 1}: ours ${ours.at(-1)!.toFixed(0)}/s, sdk ${sdk.at(-1)!.toFixed(0)}/s`);
  }
  return [result('bridge', `offchain_vaas_verified_per_s_${setup.name}`, median(ours), { baseline: median(sdk) })];
}

async function onChainGas(): Promise<BenchResult[]> {
  const anvil = await startAnvil({ chainId: 1 });
  try {
    const gas: number[] = [];
    for (const setup of SETUPS) {
      const { core } = await deployWormholeCore(anvil.wallet(0), { wormholeChainId: 2, evmChainId: 1n, guardians: setup.keys.map((k) => computeAddress(k)) });
      const [vaa] = buildVaas({ ...setup, vaas: 1 });
      gas.push(Number(await core.parseAndVerifyVM.estimateGas(vaa!)));
    }
    const out = SETUPS.map((setup, i) => result('bridge', `parse_and_verify_vm_tx_gas_${setup.name}`, gas[i]!));
    const extraSignatures = SETUPS[1]!.signers.length - SETUPS[0]!.signers.length;
    out.push(result('bridge', 'parse_and_verify_vm_gas_per_extra_signature', (gas[1]! - gas[0]!) / extraSignatures));
    return out;
  } finally {
    await anvil.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const setup of SETUPS) out.push(...(await offChain(setup)));
  out.push(...(await onChainGas()));
  out.push(...(await receiverGas(progress)));
  out.push(...(await endToEndBsc(progress)));
  return out;
}
