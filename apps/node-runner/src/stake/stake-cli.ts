import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromSeed } from '@nats-io/nkeys';
import { formatUnits, parseUnits } from 'ethers';
import { CorexToken__factory, MiningPool__factory, StakingPool__factory } from '@corex/chain-contracts';
import type { BindPayoutReply, SetPayoutRouteReply } from '@corex/node-protocol';
import { IDENTITY_FILE } from '../identity/node-identity';
import { exitCodes, type CliResult } from '../join/join-output';
import { bindPayout, type BindPayoutTarget } from './bind-payout';
import { setPayoutRoute } from './payout-route';
import { resolveChain, StakeSetupError, stakerWallet, type ChainTarget } from './chain-access';
import { explainChainError } from './chain-errors';
import { rewards, stake, unstake, withdraw, type Rewards, type StakeOutcome } from './stake-commands';

export const stakeCommands = ['stake', 'unstake', 'withdraw', 'rewards', 'bind-payout', 'payout-route'] as const;
export type StakeCommand = (typeof stakeCommands)[number];

export interface StakeCliOptions {
  readonly command: StakeCommand;
  /** The CXT amount for stake and unstake; the payout address for bind-payout. */
  readonly amount?: string;
  readonly home: string;
  readonly json: boolean;
  readonly keyFile?: string;
  /** Another node's id (default: this home's identity). */
  readonly nodeId?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where the staking service listens (bind-payout, payout-route). */
  readonly nats: BindPayoutTarget;
  /** payout-route: the chain and the recipient there. */
  readonly route?: { chain?: string; recipient?: string };
}

const USAGE_ERRORS = new Set(['STAKE.AMOUNT_INVALID', 'STAKE.ADDRESS_INVALID', 'STAKE.CHAIN_INVALID']);
const CXT_AMOUNT = /^(0|[1-9]\d{0,17})(\.\d{1,18})?$/;
const errorInterfaces = [StakingPool__factory.createInterface(), CorexToken__factory.createInterface(), MiningPool__factory.createInterface()];

/** Runs a stake command against the chain: a result line (or JSON) and an exit code, never a stack trace. */
export async function runStakeCommand(o: StakeCliOptions): Promise<CliResult> {
  let target: ChainTarget | undefined;
  try {
    const amount = o.command === 'stake' || o.command === 'unstake' ? parseAmount(o.amount) : 0n;
    const identity = o.nodeId && o.command !== 'bind-payout' && o.command !== 'payout-route' ? undefined : await identityOf(o.home);
    const nodeId = o.nodeId ?? identity!.nodeId;
    if (o.command === 'payout-route') return payoutRouteResult(await setPayoutRoute(o.home, identity!, o.route ?? {}, o.nats), o.json);
    target = await resolveChain({ deploymentFile: o.env['COREX_DEPLOYMENT_FILE'], apiUrl: o.env['COREX_API_URL'], rpcUrl: o.env['COREX_RPC_URL'] });
    if (o.command === 'bind-payout') return bindPayoutResult(await bindPayout(o.home, identity!, o.amount ?? '', target, o.nats), o.json);
    if (o.command === 'rewards') {
      const report = await rewards(target, nodeId, () => pendingFromApi(o.env, nodeId));
      return { exitCode: exitCodes.ok, stdout: o.json ? rewardsJson(report) : formatRewards(report) };
    }
    const wallet = stakerWallet(target, o.env, { keyFile: o.keyFile, home: o.home });
    const outcome =
      o.command === 'stake' ? await stake(target, wallet, nodeId, amount) : o.command === 'unstake' ? await unstake(target, wallet, nodeId, amount) : await withdraw(target, wallet, nodeId);
    return { exitCode: exitCodes.ok, stdout: o.json ? outcomeJson(outcome) : formatOutcome(outcome) };
  } catch (err) {
    if (err instanceof StakeSetupError) return failure(o.json, err.code, err.message, USAGE_ERRORS.has(err.code) ? exitCodes.usage : exitCodes.failed);
    const explained = explainChainError(err, errorInterfaces, target?.rpcUrl ?? '(unknown)');
    return failure(o.json, explained.code, explained.message, explained.refused ? exitCodes.refused : exitCodes.failed);
  }
}

function parseAmount(text: string | undefined): bigint {
  if (text === undefined || !CXT_AMOUNT.test(text)) throw new StakeSetupError('STAKE.AMOUNT_INVALID', `the amount must be CXT as a decimal like 1000 or 0.5 (up to 18 decimals), not ${JSON.stringify(text ?? '')}`);
  return parseUnits(text, 18);
}

/** Only this node's own key can bind its payout: the signature is checked by the staking service. */
async function identityOf(home: string): Promise<{ nodeId: string; seed: string }> {
  const file = path.join(home, IDENTITY_FILE);
  let seed: string;
  try {
    seed = (await readFile(file, 'utf8')).trim();
  } catch {
    throw new StakeSetupError('STAKE.NO_NODE', `no node identity at ${file}: run \`node-runner join\` first, or name the node with --node`);
  }
  const key = fromSeed(new TextEncoder().encode(seed));
  try {
    return { nodeId: key.getPublicKey(), seed };
  } finally {
    key.clear();
  }
}

function bindPayoutResult(reply: BindPayoutReply, json: boolean): CliResult {
  if (!reply.ok) return failure(json, reply.code, `the staking service refused the binding: ${reply.message}`, exitCodes.refused);
  if (json) return { exitCode: exitCodes.ok, stdout: JSON.stringify(reply) };
  return { exitCode: exitCodes.ok, stdout: `payout of node ${reply.nodeId} bound to ${reply.payout} (tx ${reply.txHash})` };
}

function payoutRouteResult(reply: SetPayoutRouteReply, json: boolean): CliResult {
  if (!reply.ok) return failure(json, reply.code, `the staking service refused the payout route: ${reply.message}`, exitCodes.refused);
  if (json) return { exitCode: exitCodes.ok, stdout: JSON.stringify(reply) };
  const via = reply.chain === 'ethereum' ? '' : ` (home payout bound to the bridge ${reply.homePayout}, which forwards)`;
  return { exitCode: exitCodes.ok, stdout: `rewards of node ${reply.nodeId} go to ${reply.recipient} on ${reply.chain}${via}` };
}

/** Pending rewards from GET /v1/nodes/{id} when COREX_API_URL and COREX_API_KEY are set (the marketplace's projection of settlement). */
async function pendingFromApi(env: NodeJS.ProcessEnv, nodeId: string): Promise<string | null> {
  if (!env['COREX_API_URL'] || !env['COREX_API_KEY']) return null;
  try {
    const res = await fetch(new URL(`/v1/nodes/${nodeId}`, env['COREX_API_URL']), { headers: { authorization: `Bearer ${env['COREX_API_KEY']}` } });
    const body = (await res.json()) as { rewards?: { pending?: string } };
    return res.ok ? (body.rewards?.pending ?? null) : null;
  } catch {
    return null;
  }
}

const cxt = (wei: bigint) => `${formatUnits(wei, 18)} CXT`;
const boost = (bps: number) => `${(bps / 10_000).toFixed(2)}x`;

function formatOutcome(o: StakeOutcome): string {
  const s = o.state;
  const tx = `tx ${o.txHashes.join(', ')}`;
  const standing = `active ${cxt(s.active)}, pending ${cxt(s.pending)}, boost ${boost(s.boostBps)}, verifier ${s.verifier ? 'yes' : 'no'}`;
  if (o.action === 'stake') return `staked ${cxt(o.amount)} for node ${s.nodeId}: ${standing} (${tx})`;
  if (o.action === 'unstake') return `unstaking ${cxt(o.amount)} of node ${s.nodeId}: unlocks at ${new Date(s.unlockAt * 1000).toISOString()}; ${standing} (${tx})`;
  return `withdrew ${cxt(o.amount)} to ${s.staker}: ${standing} (${tx})`;
}

function outcomeJson(o: StakeOutcome): string {
  const s = o.state;
  const state = { ...s, active: String(s.active), pending: String(s.pending), unlockAt: s.unlockAt ? new Date(s.unlockAt * 1000).toISOString() : null };
  return JSON.stringify({ ok: true, action: o.action, amount: String(o.amount), txHashes: o.txHashes, state });
}

function formatRewards(r: Rewards): string {
  const payout = /^0x0{40}$/.test(r.payout) ? 'no payout address bound (node-runner bind-payout <address>)' : `payout ${r.payout}`;
  const pending = r.pending === null ? 'pending: not known here (set COREX_API_URL and COREX_API_KEY to ask the marketplace)' : `pending ${r.pending}`;
  const lines = r.payments.map((p) => `  ${cxt(p.amount)} to ${p.payout} (cumulative ${cxt(p.cumulative)}) tx ${p.txHash} block ${p.block}`);
  return [`node ${r.nodeId}: paid ${cxt(r.paid)} in ${r.payments.length} payment(s); ${pending}; ${payout}`, ...lines].join('\n');
}

function rewardsJson(r: Rewards): string {
  const payments = r.payments.map((p) => ({ ...p, amount: String(p.amount), cumulative: String(p.cumulative) }));
  return JSON.stringify({ ok: true, nodeId: r.nodeId, payout: r.payout, paid: String(r.paid), pending: r.pending, payments });
}

function failure(json: boolean, code: string, message: string, exitCode: number): CliResult {
  if (json) return { exitCode, stdout: JSON.stringify({ ok: false, code, message }) };
  return { exitCode, stderr: `node-runner: ${message} (${code})` };
}
