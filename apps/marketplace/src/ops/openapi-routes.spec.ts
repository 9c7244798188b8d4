import { servedAndDocumentedRoutes } from '@corex/platform/src/testing/openapi-routes';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi';

describe('OpenAPI document and Nest routes', () => {
  it('documents every route a controller declares, and nothing a controller does not serve', () => {
    const { served, documented } = servedAndDocumentedRoutes(AppModule.with([]), buildOpenApiDocument('test'));
    expect(documented).toEqual(served);
  });

  it('gives every operation a unique operationId and exactly one tag', () => {
    const { paths, tags } = buildOpenApiDocument('test');
    const operations = Object.values(paths).flatMap((item) => Object.values(item));
    const ids = operations.map((op) => op!.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tagNames = tags.map((t) => t.name as string);
    for (const op of operations) expect(op!.tags.length === 1 && tagNames.includes(op!.tags[0])).toBe(true);
  });
});
