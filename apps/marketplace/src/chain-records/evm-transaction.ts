import type { TransactionReceipt } from 'ethers';
import type { EvmEndpoint } from './chain-endpoints';
import type { EvmTransaction } from './chain-transaction.schema';
import { decodeCorexLogs } from './corex-logs';

export const EVM_TX_HASH = /^0x[0-9a-fA-F]{64}$/;

/** The receipt as the dashboard shows it, with the Corex contracts' logs decoded. */
export function evmView(endpoint: EvmEndpoint, receipt: TransactionReceipt, timestamp: number): EvmTransaction {
  const { events, otherLogs } = decodeCorexLogs(receipt.logs, endpoint.contracts);
  return {
    kind: 'evm',
    chain: endpoint.name,
    evmChainId: endpoint.evmChainId,
    txHash: receipt.hash.toLowerCase(),
    blockNumber: receipt.blockNumber,
    blockHash: receipt.blockHash.toLowerCase(),
    timestamp: new Date(timestamp * 1000).toISOString(),
    from: receipt.from,
    to: receipt.to,
    contractAddress: receipt.contractAddress,
    status: receipt.status === 1 ? 'success' : 'reverted',
    gasUsed: receipt.gasUsed.toString(),
    events,
    otherLogs,
  };
}
