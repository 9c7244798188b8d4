import 'reflect-metadata';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { BridgeModule } from '../bridge.module';
import { bridgeConfigSchema } from '../config';
import { bridgeFeatures } from '../features';
import { buildBridgeOpenApiDocument } from './openapi';

/** Controllers of the module as start-bridge.ts creates it, its feature modules included. */
function controllersOf(module: DynamicModule): Type[] {
  const imported = (module.imports ?? []).flatMap((m) => controllersOf(m as DynamicModule));
  return [...(module.controllers ?? []), ...imported];
}

/** `METHOD /path/{param}` of every route the Nest controllers declare, as the document spells paths. */
function nestRoutes(): string[] {
  const config = bridgeConfigSchema.parse({});
  const routes: string[] = [];
  for (const controller of controllersOf(BridgeModule.forRoot(config, bridgeFeatures(config)))) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string;
      const full = `/${[base, path]
        .map((p) => p.replace(/^\/|\/$/g, ''))
        .filter(Boolean)
        .join('/')}`;
      routes.push(`${RequestMethod[method]} ${full.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

function documentedRoutes(): string[] {
  const { paths } = buildBridgeOpenApiDocument('test');
  return Object.entries(paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('bridge OpenAPI document and Nest routes', () => {
  it('documents every route a controller declares, and nothing a controller does not serve', () => {
    expect(documentedRoutes()).toEqual(nestRoutes());
  });
});
