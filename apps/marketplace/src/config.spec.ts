import { loadMarketplaceConfig } from './config';

const env = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/corex' };

describe('marketplace configuration', () => {
  it('stops at start without COREX_ADMIN_TOKEN, saying what it is for and how to make one', () => {
    expect(() => loadMarketplaceConfig(env)).toThrow(/COREX_ADMIN_TOKEN is required: .*at least 16 characters \(e\.g\. openssl rand -hex 24\)/);
  });

  it('stops at start with a COREX_ADMIN_TOKEN shorter than 16 characters', () => {
    expect(() => loadMarketplaceConfig({ ...env, COREX_ADMIN_TOKEN: 'x'.repeat(15) })).toThrow(/COREX_ADMIN_TOKEN must be at least 16 characters/);
  });

  it('starts with a token of 16 characters', () => {
    expect(loadMarketplaceConfig({ ...env, COREX_ADMIN_TOKEN: 'x'.repeat(16) }).COREX_ADMIN_TOKEN).toHaveLength(16);
  });
});
