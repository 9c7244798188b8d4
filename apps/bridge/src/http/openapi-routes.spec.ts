import { servedAndDocumentedRoutes } from '@corex/platform/src/testing/openapi-routes';
import { BridgeModule } from '../bridge.module';
import { bridgeConfigSchema } from '../config';
import { bridgeFeatures } from '../features';
import { buildBridgeOpenApiDocument } from './openapi';

describe('bridge OpenAPI document and Nest routes', () => {
  it('documents every route a controller declares, and nothing a controller does not serve', () => {
    // The module as start-bridge.ts creates it, its feature modules included.
    const config = bridgeConfigSchema.parse({});
    const { served, documented } = servedAndDocumentedRoutes(BridgeModule.forRoot(config, bridgeFeatures(config)), buildBridgeOpenApiDocument('test'));
    expect(documented).toEqual(served);
  });
});
