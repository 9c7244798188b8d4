import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { nodeIdSchema } from '@corex/events';
import { IDENTITY_FILE, InvalidIdentityFileError, loadOrCreateIdentity } from './node-identity';

const logger = pino({ level: 'silent' });

describe('node identity', () => {
  let home: string;
  beforeEach(async () => {
    home = path.join(await mkdtemp(path.join(os.tmpdir(), 'corex-identity-')), 'nested', 'home');
  });
  afterEach(async () => rm(path.dirname(path.dirname(home)), { recursive: true, force: true }));

  it('creates a user nkey in identity.nk readable only by its owner', async () => {
    const identity = await loadOrCreateIdentity(home, logger);
    expect(identity.created).toBe(true);
    expect(identity.nodeId).toMatch(/^U/);
    expect(nodeIdSchema.safeParse(identity.nodeId).success).toBe(true);
    expect((await stat(path.join(home, IDENTITY_FILE))).mode & 0o777).toBe(0o600);
  });

  it('reuses the identity it finds', async () => {
    const first = await loadOrCreateIdentity(home, logger);
    const second = await loadOrCreateIdentity(home, logger);
    expect(second).toEqual({ ...first, created: false });
  });

  it('restricts an identity file others can read to 0600', async () => {
    const { path: file } = await loadOrCreateIdentity(home, logger);
    await chmod(file, 0o644);
    await loadOrCreateIdentity(home, logger);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that does not hold a user seed', async () => {
    await loadOrCreateIdentity(home, logger);
    await writeFile(path.join(home, IDENTITY_FILE), 'not a seed\n');
    await expect(loadOrCreateIdentity(home, logger)).rejects.toBeInstanceOf(InvalidIdentityFileError);
  });
});
