import { BaseContract, ContractTransactionResponse, Interface, TransactionReceipt, Wallet, parseEther } from 'ethers';
import { startAnvil, type AnvilChain } from '../src/testing/anvil';
import { loadArtifacts, type Artifacts } from '../src/build/compile';
import { connectCorex, deployCorex, type CorexContracts, type CorexDeployment } from '../src/deploy';

/** Dev accounts by role. */
export const ACCOUNT = { deployer: 0, settler: 1, anchor: 2, slasher: 3, binder: 4, alice: 5, bob: 6, carol: 7, dave: 8, treasury: 9 } as const;

export const CXT = (amount: string | number): bigint => parseEther(String(amount));

export const TEST_STAKING = { minStake: CXT(100), maxBoostStake: CXT(10_000), verifierThreshold: CXT(1_000), unstakeCooldown: 3_600n, maxSlashBps: 10_000n };
export const TEST_GOVERNANCE = { timelockDelay: 600n, votingDelay: 1n, votingPeriod: 20n, proposalThreshold: 0n, quorumPercent: 4n };

export interface Fixture {
  chain: AnvilChain;
  artifacts: Artifacts;
  deployment: CorexDeployment;
  /** Contracts connected to the deployer (who holds the supply). */
  c: CorexContracts;
  wallet(role: keyof typeof ACCOUNT): Wallet;
  /** Contracts connected to a role's wallet. */
  as(role: keyof typeof ACCOUNT): CorexContracts;
}

/** Starts anvil, deploys Corex with the test parameters and gives every user 1,000,000 CXT. */
export async function startFixture(): Promise<Fixture> {
  const chain = await startAnvil({ accounts: 10 });
  const artifacts = loadArtifacts();
  const wallet = (role: keyof typeof ACCOUNT): Wallet => chain.wallet(ACCOUNT[role]);
  const deployment = await deployCorex(wallet('deployer'), {
    settler: wallet('settler').address,
    anchor: wallet('anchor').address,
    slasher: wallet('slasher').address,
    binder: wallet('binder').address,
    treasury: wallet('treasury').address,
    staking: TEST_STAKING,
    governance: TEST_GOVERNANCE,
    epochLength: 60n,
    artifacts,
  });
  const c = connectCorex(deployment, wallet('deployer'));
  for (const user of ['alice', 'bob', 'carol', 'dave'] as const) await mined(c.token.transfer(wallet(user).address, CXT(1_000_000)));
  return { chain, artifacts, deployment, c, wallet, as: (role) => connectCorex(deployment, wallet(role)) };
}

/** Sends and waits for the receipt. */
export async function mined(tx: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error('no receipt');
  return receipt;
}

/** The args (as objects) of every `name` event that `contract` emitted in the receipt. */
export function events(receipt: TransactionReceipt, contract: BaseContract, name: string): Record<string, unknown>[] {
  const address = String(contract.target).toLowerCase();
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === address)
    .map((log) => contract.interface.parseLog(log))
    .filter((parsed) => parsed?.name === name)
    .map((parsed) => parsed!.args.toObject());
}

/** Asserts the action reverts with custom error `name` (decoded with the given contracts' ABIs), optionally with `args`. */
export async function expectRevert(action: Promise<unknown>, contracts: BaseContract | BaseContract[], name: string, args?: unknown[]): Promise<void> {
  const ifaces: Interface[] = (Array.isArray(contracts) ? contracts : [contracts]).map((c) => c.interface);
  let error: unknown;
  try {
    await action;
  } catch (err) {
    error = err;
  }
  if (error === undefined) throw new Error(`expected a revert with ${name}, but the call succeeded`);
  const data = revertData(error);
  if (!data) throw new Error(`expected ${name}, got a revert without data: ${String(error)}`);
  const parsed = ifaces.map((iface) => iface.parseError(data)).find((p) => p !== null);
  expect(parsed?.name ?? `unknown error ${data}`).toBe(name);
  if (args) expect(parsed!.args.toArray()).toEqual(args);
}

function revertData(error: unknown): string | undefined {
  const e = error as { data?: unknown; info?: { error?: { data?: unknown } }; error?: { data?: unknown } };
  for (const candidate of [e.data, e.info?.error?.data, e.error?.data]) {
    if (typeof candidate === 'string' && candidate.startsWith('0x')) return candidate;
  }
  return undefined;
}
