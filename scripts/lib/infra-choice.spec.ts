interface PostgresFacts {
  mode: string;
  databaseUrlSet: boolean;
  local: boolean;
  port: number;
  answers: boolean;
  embeddedRunning: boolean;
  clusterInstalled: boolean;
  postgresInstalled: boolean;
}
interface NatsFacts {
  answers: boolean;
  local: boolean;
  binary?: string;
  platform: string;
  isRoot: boolean;
  hasApt: boolean;
}
type Choice = { use: string; why?: string; binary?: string; command?: string[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { choosePostgres, chooseNats, natsInstallHint } = require('./infra-choice.cjs') as {
  choosePostgres(f: PostgresFacts): Choice;
  chooseNats(f: NatsFacts): Choice;
  natsInstallHint(f: Pick<NatsFacts, 'platform' | 'hasApt'>): string;
};

/** A newcomer's machine: DATABASE_URL unset, nothing answers on 5432, no Postgres installed. */
const newcomer: PostgresFacts = { mode: 'auto', databaseUrlSet: false, local: true, port: 5432, answers: false, embeddedRunning: false, clusterInstalled: false, postgresInstalled: false };
const noNats: NatsFacts = { answers: false, local: true, binary: undefined, platform: 'linux', isRoot: false, hasApt: false };

describe('which Postgres npm start uses', () => {
  it('given none answers and none is installed, then the embedded one', () => {
    expect(choosePostgres(newcomer)).toEqual({ use: 'embedded' });
  });

  it('given one answers, then it is reused', () => {
    expect(choosePostgres({ ...newcomer, answers: true })).toEqual({ use: 'reuse' });
    expect(choosePostgres({ ...newcomer, answers: true, databaseUrlSet: true })).toEqual({ use: 'reuse' });
  });

  it('given the embedded one an earlier run left on the port, then the embedded one (its password is needed)', () => {
    expect(choosePostgres({ ...newcomer, answers: true, embeddedRunning: true })).toEqual({ use: 'embedded' });
  });

  it('given the Debian cluster is installed and stopped on 5432, then it is started', () => {
    expect(choosePostgres({ ...newcomer, clusterInstalled: true })).toEqual({ use: 'cluster' });
  });

  it('given a Postgres is installed but not running, then none, saying to start it or force the embedded one', () => {
    expect(choosePostgres({ ...newcomer, postgresInstalled: true })).toEqual({ use: 'none', why: expect.stringContaining('COREX_POSTGRES=embedded') });
    expect(choosePostgres({ ...newcomer, clusterInstalled: true, port: 5440 })).toEqual({ use: 'none', why: expect.stringContaining('not running') });
  });

  it('given DATABASE_URL names a server that does not answer, then none: the embedded one never replaces a named server', () => {
    expect(choosePostgres({ ...newcomer, databaseUrlSet: true })).toEqual({ use: 'none', why: expect.stringContaining('DATABASE_URL') });
    expect(choosePostgres({ ...newcomer, local: false })).toEqual({ use: 'none', why: expect.stringContaining('not on this machine') });
  });

  it('given COREX_POSTGRES=embedded, then the embedded one even beside an installed cluster', () => {
    expect(choosePostgres({ ...newcomer, mode: 'embedded', clusterInstalled: true, postgresInstalled: true })).toEqual({ use: 'embedded' });
  });

  it('given COREX_POSTGRES=embedded and another server on its port, then none, naming COREX_POSTGRES_PORT', () => {
    expect(choosePostgres({ ...newcomer, mode: 'embedded', answers: true })).toEqual({ use: 'none', why: expect.stringContaining('COREX_POSTGRES_PORT') });
  });

  it('given COREX_POSTGRES=embedded with DATABASE_URL set, or an unknown mode, then none', () => {
    expect(choosePostgres({ ...newcomer, mode: 'embedded', databaseUrlSet: true })).toEqual({ use: 'none', why: expect.stringContaining('unset DATABASE_URL') });
    expect(choosePostgres({ ...newcomer, mode: 'docker' })).toEqual({ use: 'none', why: 'COREX_POSTGRES=docker: expected auto or embedded' });
  });
});

describe('which NATS npm start uses', () => {
  it('given one answers, then it is reused', () => {
    expect(chooseNats({ ...noNats, answers: true })).toEqual({ use: 'reuse' });
  });

  it('given none answers and nats-server is installed, then it is started', () => {
    expect(chooseNats({ ...noNats, binary: '/usr/sbin/nats-server' })).toEqual({ use: 'start', binary: '/usr/sbin/nats-server' });
  });

  it('given none answers on another machine, then none', () => {
    expect(chooseNats({ ...noNats, local: false, binary: '/usr/sbin/nats-server' })).toEqual({ use: 'none', why: expect.stringContaining('NATS_URL') });
  });

  it('given Debian as root without nats-server, then it is installed with apt-get', () => {
    expect(chooseNats({ ...noNats, isRoot: true, hasApt: true })).toEqual({ use: 'install', command: ['apt-get', 'install', '-y', 'nats-server'] });
  });

  it('given no nats-server and no way to install it here, then none, with the command for the platform', () => {
    expect(chooseNats({ ...noNats, platform: 'darwin', isRoot: true })).toEqual({ use: 'none', why: expect.stringContaining('\n  brew install nats-server') });
    expect(chooseNats({ ...noNats, hasApt: true })).toEqual({ use: 'none', why: expect.stringContaining('sudo apt-get install -y nats-server') });
  });

  it.each([
    ['darwin', false, 'brew install nats-server'],
    ['linux', true, 'sudo apt-get install -y nats-server'],
    ['linux', false, 'go install github.com/nats-io/nats-server/v2@latest'],
    ['win32', false, 'https://github.com/nats-io/nats-server/releases'],
  ])('given %s (apt-get: %s), then the install command contains %s', (platform, hasApt, command) => {
    expect(natsInstallHint({ platform, hasApt })).toContain(command);
  });
});
