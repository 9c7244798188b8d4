import { readFileSync } from 'node:fs';
import { startStack, type Stack } from '../../../test/support/stack';
import { GENERATED_FILES, generateClientTypes } from '../codegen/generate-types';

/**
 * The committed types (src/generated) are what openapi-typescript makes of the document a running
 * marketplace serves now: a route or schema changed without `npm run gen:client` fails here.
 */
describe('@corex/client types and the served OpenAPI document', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ trust: false });
  });
  afterAll(async () => stack?.close());

  it('the marketplace types equal those generated from its /openapi.json', async () => {
    const served = await fetch(`${stack.marketplace.url}/openapi.json`);
    expect(served.status).toBe(200);
    const current = await generateClientTypes('marketplace', (await served.json()) as object);
    const committed = readFileSync(GENERATED_FILES.marketplace, 'utf8');
    expect(committed === current ? 'in sync' : `${GENERATED_FILES.marketplace} is stale: run npm run gen:client`).toBe('in sync');
  });
});
