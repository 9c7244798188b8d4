import { networkSchema } from '../../network/network.schema';
import { jsonResponse, problemResponse, type PathItems } from '../openapi.helpers';

const exampleNetwork = {
  chainId: 31337,
  rpcUrl: 'http://127.0.0.1:8545',
  contracts: {
    token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    stakingPool: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
    miningPool: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
    proofRegistry: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
    governor: '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707',
    timelock: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  },
  deployedAtBlock: 0,
  epochLength: 30,
  currentEpoch: 4,
  blockNumber: 212,
};

export const networkPaths: PathItems = {
  '/v1/network': {
    get: {
      operationId: 'getNetwork',
      tags: ['network'],
      summary: 'The chain Corex settles on: chain id, RPC URL, contract addresses, epoch length and the current epoch',
      description: 'Public. Everything needed to check stakes, rewards and proofs against the chain with nothing but these addresses.',
      security: [],
      responses: {
        200: jsonResponse('The deployment and the epoch as the chain has them now', networkSchema, { example: exampleNetwork }),
        503: problemResponse(
          'CHAIN.NOT_CONFIGURED: this marketplace has no chain (no deployment file), so the funds check is off (budgets are not reserved from deposits); CHAIN.UNAVAILABLE: the chain does not answer (details.retryable: true)',
          {
            type: 'https://corex.dev/problems/chain-not-configured',
            title: 'Service Unavailable',
            status: 503,
            detail: 'no chain is configured for this marketplace (COREX_DEPLOYMENT_FILE is not set): job budgets are not reserved from deposits and nothing is paid on-chain',
            code: 'CHAIN.NOT_CONFIGURED',
            instance: '/v1/network',
          },
        ),
      },
    },
  },
};
