import { EventFollower } from '@corex/chain';
import type { Logger } from '@corex/platform';
import { fetchSignedVaa } from '@corex/wormhole';
import type { DataSource } from 'typeorm';
import type { BridgeEvmChain, BridgeNetwork } from '../network/bridge-network';
import type { TaskIntake } from './task-intake';

const PORTAL_EVENTS = [
  'event TaskSubmitted(bytes32 indexed taskId, address indexed submitter, uint256 escrow, bytes32 specHash, uint64 sequence)',
  'event CancelRequested(bytes32 indexed taskId, address indexed submitter)',
];

export interface EvmFollowerSettings {
  confirmations: number;
  pollMs: number;
  guardianTimeoutMs: number;
}

/**
 * Follows every chain's TaskPortal: TaskSubmitted (each one's VAA is fetched from the guardian
 * API and taken in) and CancelRequested (carried to the task and its job). The follower's checkpoint moves only after the intake finished, so a crash
 * re-reads the event and the (idempotent) intake runs again.
 */
export function evmTaskFollowers(network: BridgeNetwork, ds: DataSource, intake: TaskIntake, logger: Logger, settings: EvmFollowerSettings): EventFollower[] {
  return network.chains.map(
    (chain) =>
      new EventFollower({
        name: `bridge-tasks-${chain.name}`,
        ds,
        provider: chain.provider,
        chainId: chain.evmChainId,
        contracts: [{ name: 'TaskPortal', address: chain.portal, abi: PORTAL_EVENTS }],
        startBlock: chain.deployedAtBlock,
        confirmations: settings.confirmations,
        pollMs: settings.pollMs,
        maxEventsPerBatch: 1,
        handler: async (events) => {
          for (const event of events) {
            if (event.name === 'CancelRequested') {
              const source = { kind: 'log' as const, txHash: event.transactionHash, logIndex: event.logIndex };
              await intake.requestCancel(event.args.taskId as string, event.args.submitter as string, source);
            } else await takeIn(chain, BigInt(event.args.sequence), network, intake, logger, settings);
          }
        },
      }),
  );
}

async function takeIn(chain: BridgeEvmChain, sequence: bigint, network: BridgeNetwork, intake: TaskIntake, logger: Logger, settings: EvmFollowerSettings): Promise<void> {
  const vaa = await fetchSignedVaa(network.guardianApiUrl, chain.wormholeChainId, chain.portal, sequence, { timeoutMs: settings.guardianTimeoutMs });
  const outcome = await intake.intakeVaa(vaa);
  logger.info({ chain: chain.name, sequence: sequence.toString(), outcome }, 'task message taken in');
}
