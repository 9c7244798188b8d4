import 'reflect-metadata';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/** The part of an OpenAPI document the check reads. */
export interface OpenApiPaths {
  paths: Record<string, object>;
}

/**
 * The routes a service's Nest module serves and the routes its OpenAPI document describes, each
 * as sorted `METHOD /path/{param}` lines: a spec expects them equal, so a route is neither served
 * undocumented nor documented unserved, and a failure shows exactly which.
 */
export function servedAndDocumentedRoutes(module: DynamicModule, document: OpenApiPaths): { served: string[]; documented: string[] } {
  return { served: controllersOf(module).flatMap(routesOf).sort(), documented: documentedRoutes(document) };
}

/** Controllers of the module and of the dynamic modules it imports (a service's feature modules). */
function controllersOf(module: DynamicModule): Type[] {
  const imported = (module.imports ?? []).filter(isDynamicModule).flatMap(controllersOf);
  return [...(module.controllers ?? []), ...imported];
}

const isDynamicModule = (m: unknown): m is DynamicModule => typeof m === 'object' && m !== null && 'module' in m;

function routesOf(controller: Type): string[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const handler = prototype[name];
    if (name === 'constructor' || typeof handler !== 'function') return [];
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (method === undefined) return [];
    const paths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
    return paths.map((path) => `${RequestMethod[method]} ${asOpenApiPath(base, path)}`);
  });
}

/** Nest's `base` + `:param` path as the document spells it: `/base/{param}`. */
function asOpenApiPath(base: string, path: string): string {
  const joined = [base, path]
    .map((p) => p.replace(/^\/|\/$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function documentedRoutes({ paths }: OpenApiPaths): string[] {
  return Object.entries(paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}
