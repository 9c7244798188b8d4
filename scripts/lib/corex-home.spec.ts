interface StartPaths {
  home: string;
  postgres: string;
  natsServer: string;
  natsAuth: string;
  natsStore: string;
  anvil: string;
  solana: string;
  deploymentFile: string;
  solanaAuthorityFile: string;
  demoFederation: string;
  demoCheater: string;
  demoByzantine: string;
  demoNode(n: number): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPaths } = require('./corex-home.cjs') as { startPaths(env: Record<string, string | undefined>, root: string): StartPaths };

const ROOT = '/src/corex';

describe('startPaths', () => {
  it('keeps everything under .corex in the checkout by default', () => {
    const paths = startPaths({}, ROOT);
    expect(paths).toMatchObject({
      home: '/src/corex/.corex',
      postgres: '/src/corex/.corex/postgres',
      natsServer: '/src/corex/.corex/nats-server',
      natsAuth: '/src/corex/.corex/nats',
      natsStore: '/src/corex/.corex/nats-store',
      anvil: '/src/corex/.corex/anvil',
      solana: '/src/corex/.corex/solana',
      deploymentFile: '/src/corex/.corex/deployment.json',
      solanaAuthorityFile: '/src/corex/.corex/solana-authority.json',
      demoFederation: '/src/corex/.corex/demo-federation',
      demoCheater: '/src/corex/.corex/demo-cheater',
      demoByzantine: '/src/corex/.corex/demo-byzantine',
    });
    expect(paths.demoNode(2)).toBe('/src/corex/.corex/demo-node-2');
  });

  it('moves every part with COREX_HOME_DIR, a relative one taken from the checkout', () => {
    const absolute = startPaths({ COREX_HOME_DIR: '/tmp/corex-test' }, ROOT);
    const relative = startPaths({ COREX_HOME_DIR: 'other-home' }, ROOT);
    for (const [paths, home] of [[absolute, '/tmp/corex-test'], [relative, '/src/corex/other-home']] as const) {
      const parts = Object.values(paths).filter((p): p is string => typeof p === 'string');
      expect(parts.every((p) => p === home || p.startsWith(`${home}/`))).toBe(true);
      expect(paths.demoNode(1)).toBe(`${home}/demo-node-1`);
    }
  });

  it('lets the per-part settings win over the home directory', () => {
    const paths = startPaths(
      { COREX_HOME_DIR: '/tmp/h', COREX_POSTGRES_DIR: '/var/pg', COREX_NATS_SERVER_DIR: 'nats-here', COREX_NATS_AUTH_DIR: '/etc/corex-nats', COREX_ANVIL_STATE_DIR: '/var/chains/anvil', COREX_DEPLOYMENT_FILE: '/var/deploy/d.json' },
      ROOT,
    );
    expect(paths).toMatchObject({
      home: '/tmp/h',
      postgres: '/var/pg',
      natsServer: '/src/corex/nats-here',
      natsAuth: '/etc/corex-nats',
      natsStore: '/tmp/h/nats-store',
      anvil: '/var/chains/anvil',
      solana: '/var/chains/solana',
      deploymentFile: '/var/deploy/d.json',
      solanaAuthorityFile: '/var/deploy/solana-authority.json',
    });
    expect(startPaths({ COREX_SOLANA_AUTHORITY_FILE: '/keys/a.json' }, ROOT).solanaAuthorityFile).toBe('/keys/a.json');
  });
});
