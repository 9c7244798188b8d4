import { readFileSync } from 'node:fs';
import { startHarness, type Harness } from '../marketplace-harness';
import { generateClientTypes, GENERATED_CLIENT_FILE } from './client/generate';
import { MISTAKES, typeCheckClient, type TypeCheck } from './client/type-check';

/**
 * The document a client generator reads: openapi-typescript turns the served document into
 * types, and the customer's job flow (client/job-flow.ts: account, upload, submit, follow,
 * result, model download) type-checks against them with no casts. test/e2e/customer-path.spec.ts
 * runs that flow against a whole stack.
 */
describe('client generated from the served OpenAPI document', () => {
  let h: Harness;
  let served: object;
  let generated: string;
  let checked: TypeCheck;
  beforeAll(async () => {
    h = await startHarness();
    served = (await h.request('GET', '/openapi.json')).body;
    generated = await generateClientTypes(served);
    checked = typeCheckClient(generated);
  });
  afterAll(async () => h.close());

  it('type-checks the whole job flow, strict and without casts', () => {
    expect(checked.flow).toEqual([]);
  });

  it('refuses what the document does not allow: unknown paths and fields, a missing budget, wrong types', () => {
    expect(checked.refused).toEqual({ control: false, ...Object.fromEntries(Object.keys(MISTAKES).map((name) => [name, true])) });
  });

  it('has no $defs left in any schema (zod definitions live in components.schemas)', () => {
    expect(JSON.stringify(served)).not.toContain('$defs');
    // openapi-typescript always declares an empty top-level `$defs` type; no schema may have a `$defs` member.
    expect(generated).not.toMatch(/\$defs\??:/);
  });

  it('is checked in as generated from the served document (libs/client/src/generated/marketplace.ts)', () => {
    const checkedIn = readFileSync(GENERATED_CLIENT_FILE, 'utf8');
    const hint = 'regenerate: npm run gen:client';
    expect({ current: checkedIn === generated, hint }).toEqual({ current: true, hint });
  });
});
