import { startHarness, type Harness } from '../marketplace-harness';
import { lintOpenApi, summarize } from './spectral';

describe('served OpenAPI document, linted', () => {
  let h: Harness;
  let served: { status: number; body: unknown };
  let beside: { status: number; body: unknown };
  beforeAll(async () => {
    h = await startHarness();
    // Both read before the lint runs: no request waits on a connection idle for the lint's seconds.
    [served, beside] = await Promise.all([h.request('GET', '/openapi.json'), h.request('GET', '/docs/openapi.json')]);
  });
  afterAll(async () => h.close());

  it('has no error under spectral:oas and the OWASP API Security Top 10 2023 rulesets', async () => {
    expect(served.status).toBe(200);
    const findings = await lintOpenApi(served.body);
    const errors = findings.filter((f) => f.severity === 'error');
    // The message lists every finding by rule, so a failure says what to fix.
    expect({ errors: errors.map((e) => `${e.rule} at ${e.path}: ${e.message}`), all: summarize(findings) }).toEqual({
      errors: [],
      all: expect.any(String),
    });
  });

  it('serves the same document at /docs/openapi.json, beside the UI', () => {
    expect(beside.body).toEqual(served.body);
  });
});
