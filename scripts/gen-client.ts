import { writeFileSync } from 'node:fs';
import { buildBridgeOpenApiDocument } from '../apps/bridge/src/http/openapi';
import { buildOpenApiDocument } from '../apps/marketplace/src/ops/openapi';
import { GENERATED_FILES, generateClientTypes } from '../libs/client/codegen/generate-types';

/**
 * `npm run gen:client`: regenerates libs/client/src/generated from the documents the services serve.
 * Each document is built in this process the way its controller builds it (no NATS, no Postgres);
 * libs/client/src/generated-types.int.spec.ts checks the result against a running service's /openapi.json.
 */
async function main(): Promise<void> {
  // JSON round trip: the types of exactly what the controller's answer carries.
  const served = {
    marketplace: JSON.parse(JSON.stringify(buildOpenApiDocument('0.1.0'))) as object,
    bridge: JSON.parse(JSON.stringify(buildBridgeOpenApiDocument('0.1.0'))) as object,
  };
  for (const [name, document] of Object.entries(served) as [keyof typeof GENERATED_FILES, object][]) {
    writeFileSync(GENERATED_FILES[name], await generateClientTypes(name, document));
    console.log(`wrote ${GENERATED_FILES[name]}`);
  }
}

void main();
