import { chainsFromEnv, KNOWN_CHAINS } from './chains-config';

describe('chainsFromEnv', () => {
  it('given only COREX_RPC_URL, the network is the home chain "ethereum" (Wormhole 2) with no core default: its id is what its RPC answers', () => {
    expect(chainsFromEnv({ COREX_RPC_URL: 'http://127.0.0.1:8547' })).toEqual({
      chains: [{ name: 'ethereum', home: true, evmChainId: 1, wormholeChainId: 2, rpcUrl: 'http://127.0.0.1:8547', publicRpcUrl: undefined, wormholeCore: undefined }],
      guardianApiUrl: undefined,
    });
  });

  it('given per-chain variables, the remote chains get their known ids and Wormhole\'s mainnet core, and Solana and the guardian API their URLs', () => {
    const config = chainsFromEnv({
      COREX_PUBLIC_RPC_URL: 'https://eth.example.org',
      COREX_RPC_URL_BSC: 'https://bsc.example.com/key',
      COREX_PUBLIC_RPC_URL_BSC: 'https://bsc-dataseed.bnbchain.org',
      COREX_RPC_URL_ARBITRUM: 'https://arb.example.com/key',
      COREX_SOLANA_RPC_URL: 'https://solana.example.com',
      COREX_GUARDIAN_API_URL: 'https://api.wormholescan.io',
    });
    expect(config.chains.map((c) => [c.name, c.home, c.evmChainId, c.wormholeChainId, c.wormholeCore, c.publicRpcUrl])).toEqual([
      ['ethereum', true, 1, 2, undefined, 'https://eth.example.org'],
      ['bsc', false, 56, 4, KNOWN_CHAINS.bsc.mainnetCore, 'https://bsc-dataseed.bnbchain.org'],
      ['arbitrum', false, 42161, 23, KNOWN_CHAINS.arbitrum.mainnetCore, undefined],
    ]);
    expect(config.solana).toEqual({ rpcUrl: 'https://solana.example.com', publicRpcUrl: undefined });
    expect(config.guardianApiUrl).toBe('https://api.wormholescan.io');
  });

  it('given npm start\'s local chains, no mainnet core is assumed: the script deploys its own', () => {
    const config = chainsFromEnv({ COREX_CHAIN_LOCAL: '1', COREX_RPC_URL_BSC: 'http://127.0.0.1:8548' });
    expect(config.chains[1]).toMatchObject({ name: 'bsc', evmChainId: 56, wormholeCore: undefined });
  });

  it('given COREX_CHAINS, an unknown chain needs its ids and a known one may name its core; the home entry takes COREX_RPC_URL', () => {
    const core = '0x0000000000000000000000000000000000000abc';
    const config = chainsFromEnv({
      COREX_RPC_URL: 'https://eth.example.com',
      COREX_CHAINS: JSON.stringify([
        { name: 'ethereum', wormholeCore: core },
        { name: 'base', rpcUrl: 'https://base.example.com', evmChainId: 8453, wormholeChainId: 30, wormholeCore: core },
      ]),
    });
    expect(config.chains.map((c) => [c.name, c.evmChainId, c.wormholeChainId, c.rpcUrl, c.wormholeCore])).toEqual([
      ['ethereum', 1, 2, 'https://eth.example.com', core],
      ['base', 8453, 30, 'https://base.example.com', core],
    ]);
  });

  it.each([
    ['COREX_CHAINS that is not JSON', { COREX_CHAINS: '[{' }, /not JSON/],
    ['an unknown chain without ids', { COREX_CHAINS: '[{"name":"base","rpcUrl":"https://base.example.com"}]' }, /not a known one/],
    ['a remote chain without an RPC URL', { COREX_CHAINS: '[{"name":"bsc"}]' }, /has no rpcUrl/],
    ['a chain set twice', { COREX_CHAINS: '[{"name":"bsc","rpcUrl":"https://a.example.com"}]', COREX_RPC_URL_BSC: 'https://b.example.com' }, /both in COREX_CHAINS/],
    ['two chains with one Wormhole id', { COREX_CHAINS: '[{"name":"bnb","rpcUrl":"https://a.example.com","evmChainId":97,"wormholeChainId":4}]', COREX_RPC_URL_BSC: 'https://b.example.com' }, /same wormholeChainId/],
    ['an unknown field', { COREX_CHAINS: '[{"name":"bsc","rpcUrl":"https://a.example.com","key":"x"}]' }, /COREX_CHAINS/],
    ['a Solana RPC URL that is not one', { COREX_SOLANA_RPC_URL: 'solana' }, /COREX_SOLANA_RPC_URL is not a URL/],
  ])('given %s, it is CHAIN.CONFIG_INVALID saying why', (_, env, message) => {
    expect(() => chainsFromEnv(env)).toThrow(expect.objectContaining({ code: 'CHAIN.CONFIG_INVALID', message: expect.stringMatching(message) }));
  });
});
