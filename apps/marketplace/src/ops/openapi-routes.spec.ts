import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi';

/** `METHOD /path/{param}` of every route the Nest controllers declare, as the document spells paths. */
function nestRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of AppModule.with([]).controllers ?? []) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const paths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
      for (const path of paths) {
        const full = `/${[base, path].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
        routes.push(`${RequestMethod[method]} ${full.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
      }
    }
  }
  return routes.sort();
}

function documentedRoutes(): string[] {
  const { paths } = buildOpenApiDocument('test');
  return Object.entries(paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('OpenAPI document and Nest routes', () => {
  it('documents every route a controller declares, and nothing a controller does not serve', () => {
    expect(documentedRoutes()).toEqual(nestRoutes());
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
