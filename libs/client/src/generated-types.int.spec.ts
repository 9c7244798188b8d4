import { readFileSync } from 'node:fs';
import { startStack, type Stack } from '../../../test/support/stack';
import { startStackBridge, type StackBridge } from '../../../test/support/stack-bridge';
import { GENERATED_FILES, generateClientTypes, type ServedDocument } from '../codegen/generate-types';

/**
 * The committed types (src/generated) are what openapi-typescript makes of the documents the running
 * services serve now: a route or schema changed without `npm run gen:client` fails here.
 */
describe('@corex/client types and the served OpenAPI documents', () => {
  let stack: Stack;
  let bridge: StackBridge['bridge'];
  let closeBridge: StackBridge['close'] | undefined;
  beforeAll(async () => {
    stack = await startStack({ trust: false });
    // No deployment file: the bridge follows no chain and serves its HTTP API.
    ({ bridge, close: closeBridge } = await startStackBridge(stack));
  });
  afterAll(async () => {
    await closeBridge?.();
    await stack?.close();
  });

  async function freshness(name: ServedDocument, baseUrl: string): Promise<string> {
    const served = await fetch(`${baseUrl}/openapi.json`);
    if (served.status !== 200) return `${name} answered ${served.status} for /openapi.json`;
    const current = await generateClientTypes(name, (await served.json()) as object);
    return readFileSync(GENERATED_FILES[name], 'utf8') === current ? 'in sync' : `${GENERATED_FILES[name]} is stale: run npm run gen:client`;
  }

  it('the marketplace types equal those generated from its /openapi.json', async () => {
    expect(await freshness('marketplace', stack.marketplace.url)).toBe('in sync');
  });

  it('the bridge types equal those generated from its /openapi.json', async () => {
    expect(await freshness('bridge', bridge.url)).toBe('in sync');
  });
});
