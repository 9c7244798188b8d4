import { isDeepStrictEqual } from 'node:util';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const LOCAL_DEF = /^#\/\$defs\/(.+)$/;
const isAnonymous = (name: string) => name.startsWith('__schema');

/**
 * zod writes the definitions a schema shares (named with `.meta({ id })`, or anonymous
 * `__schemaN` for recursive ones such as `z.json()`) into a `$defs` of that schema and refers to
 * them as `#/$defs/<name>`: relative to the document root once the schema sits inside an OpenAPI
 * document, where nothing is. This moves every `$defs` entry into `components.schemas` and rewrites
 * the refs. Equal definitions share one name; two different definitions with one id are an error;
 * anonymous ones are named JsonValue, JsonValue2, … by content.
 */
export function hoistSchemaDefinitions<D extends object>(document: D): D {
  const doc = structuredClone(document) as unknown as JsonObject & { components: { schemas: JsonObject } };
  const components = doc.components.schemas;

  const hoist = (defs: JsonObject): Map<string, string> => {
    const renames = new Map<string, string>();
    for (const name of Object.keys(defs)) if (!isAnonymous(name)) renames.set(name, name);
    for (const [name, definition] of Object.entries(defs)) {
      if (!isAnonymous(name)) continue;
      for (let n = 1; ; n++) {
        const candidate = n === 1 ? 'JsonValue' : `JsonValue${n}`;
        const named = rewritten(definition, new Map([...renames, [name, candidate]]));
        if (candidate in components && !isDeepStrictEqual(components[candidate], named)) continue;
        components[candidate] = named;
        renames.set(name, candidate);
        break;
      }
    }
    for (const [name, definition] of Object.entries(defs)) {
      if (isAnonymous(name)) continue;
      const named = rewritten(definition, renames);
      if (name in components && !isDeepStrictEqual(components[name], named)) throw new Error(`OpenAPI: two different schemas are both named ${name}`);
      components[name] = named;
    }
    return renames;
  };

  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const defs = node.$defs;
    if (defs && typeof defs === 'object' && !Array.isArray(defs)) {
      delete node.$defs;
      Object.values(defs).forEach(visit);
      const renames = hoist(defs);
      Object.assign(node, rewritten(node, renames));
    }
    Object.values(node).forEach(visit);
  };

  visit(doc.paths ?? null);
  for (const name of Object.keys(components)) visit(components[name]!);
  return doc as unknown as D;
}

/** A copy of `node` with its `#/$defs/<name>` refs pointing at `components.schemas`. */
function rewritten(node: Json, renames: Map<string, string>): Json {
  if (Array.isArray(node)) return node.map((child) => rewritten(child, renames));
  if (node === null || typeof node !== 'object') return node;
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(node)) copy[key] = rewritten(child, renames);
  const ref = typeof node.$ref === 'string' ? LOCAL_DEF.exec(node.$ref) : null;
  if (ref) {
    const target = renames.get(ref[1]!);
    if (!target) throw new Error(`OpenAPI: anonymous definitions that refer to each other are not supported (${node.$ref})`);
    copy.$ref = `#/components/schemas/${target}`;
  }
  return copy;
}
