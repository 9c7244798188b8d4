import { formatUnits, type Interface } from 'ethers';

/** A refusal or failure, said plainly. `refused`: the chain said no (exit 2); else it could not be asked (exit 1). */
export interface ExplainedError {
  readonly code: string;
  readonly message: string;
  readonly refused: boolean;
}

const cxt = (wei: unknown) => `${formatUnits(wei as bigint, 18)} CXT`;
const at = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString();

/** What each custom error means to an operator, by error name. */
const MESSAGES: Record<string, (args: readonly unknown[]) => string> = {
  StakingPoolCooldownActive: ([, unlockAt]) => `unstaked CXT unlocks at ${at(unlockAt)}; withdraw after that`,
  StakingPoolNotStaker: ([, staker]) => `this node is staked by ${String(staker)}: only that wallet may add stake or unstake`,
  StakingPoolInsufficientStake: ([, active, requested]) => `the node has ${cxt(active)} active stake, less than the ${cxt(requested)} asked to unstake`,
  StakingPoolNothingToWithdraw: () => 'nothing to withdraw: unstake first, then withdraw after the cooldown',
  StakingPoolZeroAmount: () => 'the amount must be more than 0',
  StakingPoolZeroAddress: () => 'the address must not be zero',
  ERC20InsufficientBalance: ([sender, balance, needed]) => `the wallet ${String(sender)} holds ${cxt(balance)}, ${cxt(needed)} needed`,
  ERC20InsufficientAllowance: ([, allowance, needed]) => `the staking pool may spend ${cxt(allowance)} of this wallet's CXT, ${cxt(needed)} needed`,
  MiningPoolNothingToClaim: ([, cumulative, paid]) => `nothing to claim: ${cxt(paid)} of ${cxt(cumulative)} already paid`,
  MiningPoolInvalidProof: () => 'the proof does not match the latest reward root',
};

interface EthersLike {
  code?: string;
  shortMessage?: string;
  message?: string;
  data?: string;
  info?: { error?: { data?: string; message?: string } };
  revert?: { name: string; args: readonly unknown[] } | null;
  error?: EthersLike;
}

/** Decodes a failed chain call: custom errors of the given contracts, gas money, an unreachable chain. */
export function explainChainError(err: unknown, interfaces: readonly Interface[], rpcUrl: string): ExplainedError {
  const e = (err ?? {}) as EthersLike;
  const revert = e.revert ?? decodeRevert(revertData(e), interfaces);
  if (revert) {
    const explain = MESSAGES[revert.name];
    const message = explain ? explain(revert.args) : `the contract refused: ${revert.name}(${revert.args.map(String).join(', ')})`;
    return { code: `CHAIN.${revert.name}`, message, refused: true };
  }
  if (e.code === 'INSUFFICIENT_FUNDS') return { code: 'CHAIN.INSUFFICIENT_FUNDS', message: 'the wallet has too little ETH to pay for gas', refused: true };
  if (e.code === 'CALL_EXCEPTION') return { code: 'CHAIN.REVERTED', message: `the contract refused without a reason (${e.shortMessage ?? 'reverted'})`, refused: true };
  if (e.code === 'NETWORK_ERROR' || e.code === 'TIMEOUT' || /ECONNREFUSED|fetch failed|ENOTFOUND/.test(String(e.message))) {
    return { code: 'CHAIN.UNAVAILABLE', message: `the chain at ${rpcUrl} does not answer`, refused: false };
  }
  return { code: 'CHAIN.FAILED', message: e.shortMessage ?? e.message ?? String(err), refused: false };
}

function revertData(e: EthersLike): string | undefined {
  const data = e.data ?? e.info?.error?.data ?? e.error?.data;
  return typeof data === 'string' && data.startsWith('0x') && data.length >= 10 ? data : undefined;
}

function decodeRevert(data: string | undefined, interfaces: readonly Interface[]): { name: string; args: readonly unknown[] } | undefined {
  if (!data) return undefined;
  for (const iface of interfaces) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return { name: parsed.name, args: [...parsed.args] };
    } catch {
      // not this contract's error
    }
  }
  return undefined;
}
