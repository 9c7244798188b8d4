import { chainTransactionSchema } from '../../chain-records/chain-transaction.schema';
import { jsonResponse, notFound, problemResponse, type PathItems } from '../openapi.helpers';

const exampleTransaction = {
  kind: 'evm',
  chain: 'ethereum',
  evmChainId: 1,
  txHash: '0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060',
  blockNumber: 212,
  blockHash: '0x8a3f0f4b5d7e4c1f0b26a6c0d5e0f6f2d1c3b4a59687766554433221100ffeed',
  timestamp: '2026-11-30T17:00:30.000Z',
  from: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  to: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
  contractAddress: null,
  status: 'success',
  gasUsed: '84211',
  events: [
    {
      logIndex: 0,
      address: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
      contract: 'MiningPool',
      event: 'RewardPaid',
      args: [
        { name: 'nodeId', type: 'bytes32', value: '0x1d5c2d4bd0f0b3e2a9a7f64f6d6e1e3c2b4a5968778695a4b3c2d1e0f9e8d7c6' },
        { name: 'payout', type: 'address', value: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' },
        { name: 'amount', type: 'uint256', value: '3000000000000000000', unit: 'CXT' },
        { name: 'cumulative', type: 'uint256', value: '3000000000000000000', unit: 'CXT' },
      ],
    },
  ],
  otherLogs: 0,
};

/** Transactions read from the chains of the deployment (local devnets have no explorer). */
export const chainsPaths: PathItems = {
  '/v1/chains/{chain}/transactions/{hash}': {
    get: {
      operationId: 'getChainTransaction',
      tags: ['network'],
      summary: 'A transaction as its chain holds it: block, time, sender, status, gas and the Corex events in it decoded (payouts, anchors, CXT transfers); on Solana slot, memos and CXT moved',
      description:
        'For an API key or an operator session alike: chain data is public. `chain` is a name of GET /v1/network (ethereum is the home chain). Read from the chain’s RPC each time, so it shows what the chain holds, not what the marketplace recorded. EVM chains (`kind: evm`): amounts marked `unit: CXT` are wei (18 decimals). Solana (`kind: solana`, `hash` a transaction signature): the SPL Memo texts and each owner’s change of the CXT mint (9 decimals). docs/operator-api.md (Transactions on local chains).',
      security: [{ apiKey: [] }, { operatorSession: [] }],
      parameters: [
        { name: 'chain', in: 'path', required: true, description: 'ethereum, bsc, arbitrum, …', schema: { type: 'string', minLength: 1, maxLength: 32 } },
        {
          name: 'hash',
          in: 'path',
          required: true,
          description: 'EVM: the transaction hash, 0x and 64 hex digits; Solana: the transaction signature, base58',
          schema: { type: 'string', minLength: 64, maxLength: 88, pattern: '^(0x[0-9a-fA-F]{64}|[1-9A-HJ-NP-Za-km-z]{64,88})$' },
        },
      ],
      responses: {
        200: jsonResponse('The transaction as its chain holds it, by kind of chain', chainTransactionSchema, { example: exampleTransaction }),
        400: problemResponse('CHAIN.INVALID_TX_HASH: the hash is not 0x and 64 hex digits (Solana: not a base58 signature); REQUEST.INVALID_STRING'),
        401: problemResponse('AUTH.MISSING_API_KEY, AUTH.INVALID_API_KEY, OPERATOR.INVALID_SESSION: no API key or operator session, or an unknown or expired one'),
        404: notFound(
          'CHAIN.UNKNOWN: no chain of that name in the deployment (details.known lists them); CHAIN.TX_NOT_FOUND: the chain holds no landed transaction with this hash or signature',
        ),
        503: problemResponse('CHAIN.NOT_CONFIGURED: this marketplace has no deployment file; CHAIN.UNAVAILABLE: the chain does not answer (details.retryable: true)'),
      },
    },
  },
};
