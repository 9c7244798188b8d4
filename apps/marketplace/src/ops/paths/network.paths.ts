import { networkSchema } from '../../network/network.schema';
import { jsonResponse, problemResponse, type PathItems } from '../openapi.helpers';

const exampleNetwork = {
  chainId: 1,
  rpcUrl: 'http://127.0.0.1:8547',
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
  chains: [
    {
      name: 'ethereum',
      kind: 'evm',
      home: true,
      evmChainId: 1,
      wormholeChainId: 2,
      rpcUrl: 'http://127.0.0.1:8547',
      deployedAtBlock: 14,
      contracts: { wormholeCore: '0x0DCd1Bf9A1b36cE34237eEaFef220932846BCD82' },
    },
    {
      name: 'bsc',
      kind: 'evm',
      home: false,
      evmChainId: 56,
      wormholeChainId: 4,
      rpcUrl: 'http://127.0.0.1:8548',
      deployedAtBlock: 1,
      contracts: { wormholeCore: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9' },
    },
    {
      name: 'solana',
      kind: 'solana',
      home: false,
      wormholeChainId: 1,
      solana: { mint: 'CXTm1nt1111111111111111111111111111111111111', escrow: 'Escrow1111111111111111111111111111111111111' },
    },
  ],
  wormhole: { guardianSetIndex: 0, guardians: ['0xbeFA429d57cD18b7F8A4d91A2da9AB4AF05d0FBe'], guardianApiUrl: 'http://127.0.0.1:7071' },
};

export const networkPaths: PathItems = {
  '/v1/network': {
    get: {
      operationId: 'getNetwork',
      tags: ['network'],
      summary: 'The chains of the network: the home chain Corex settles on (chain id, RPC URL, contract addresses, epoch), every chain tasks can come from, and the Wormhole guardians',
      description:
        'Public. Everything needed to check stakes, rewards and proofs against the home chain with nothing but these addresses, and to submit tasks from another chain: each chain’s EVM and Wormhole chain ids, its Wormhole core and bridge contracts (Solana: the CXT mint and the task escrow), and the guardian API that serves signed VAAs. RPC URLs of other chains appear only when the operator publishes them.',
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
