interface StartPorts {
  api: number;
  postgres: number;
  securedNats: number;
  anvil: { ethereum: number; bsc: number; arbitrum: number };
  solana: number;
  guardian: number;
  bridge: number;
  ops: { scheduler: number; verifier: number; reputation: number; staking: number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPorts } = require('./start-ports.cjs') as { startPorts(env: Record<string, string | undefined>): StartPorts };

describe('startPorts', () => {
  it('answers the documented defaults on an empty environment', () => {
    expect(startPorts({})).toEqual({
      api: 3000,
      postgres: 5432,
      securedNats: 4223,
      anvil: { ethereum: 8547, bsc: 8548, arbitrum: 8549 },
      solana: 8899,
      guardian: 7071,
      bridge: 8090,
      ops: { scheduler: 9461, verifier: 9462, reputation: 9463, staking: 9464 },
    });
  });

  it('takes every port from its own variable', () => {
    const env = {
      PORT: '13000', COREX_POSTGRES_PORT: '15432', COREX_SECURED_NATS_PORT: '14223', COREX_ANVIL_PORT: '18547', COREX_ANVIL_PORT_BSC: '20001', COREX_ANVIL_PORT_ARBITRUM: '20002',
      COREX_SOLANA_PORT: '18899', COREX_GUARDIAN_PORT: '17071', COREX_BRIDGE_PORT: '18090',
      COREX_SCHEDULER_HTTP_PORT: '19461', COREX_VERIFIER_HTTP_PORT: '19462', COREX_REPUTATION_HTTP_PORT: '19463', COREX_STAKING_HTTP_PORT: '19464',
    };
    expect(startPorts(env)).toEqual({
      api: 13000,
      postgres: 15432,
      securedNats: 14223,
      anvil: { ethereum: 18547, bsc: 20001, arbitrum: 20002 },
      solana: 18899,
      guardian: 17071,
      bridge: 18090,
      ops: { scheduler: 19461, verifier: 19462, reputation: 19463, staking: 19464 },
    });
  });

  it('puts the remote chains after a moved home chain unless they are set, and reads an empty variable as unset', () => {
    expect(startPorts({ COREX_ANVIL_PORT: '30000' }).anvil).toEqual({ ethereum: 30000, bsc: 30001, arbitrum: 30002 });
    expect(startPorts({ COREX_ANVIL_PORT: '30000', COREX_ANVIL_PORT_ARBITRUM: '31000' }).anvil).toEqual({ ethereum: 30000, bsc: 30001, arbitrum: 31000 });
    expect(startPorts({ PORT: '' }).api).toBe(3000);
  });
});
