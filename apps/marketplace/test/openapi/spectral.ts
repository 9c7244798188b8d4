import { Document, Ruleset, Spectral, type ISpectralDiagnostic, type RulesetDefinition } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';

/**
 * Rules switched off, each with the reason it does not apply here. Anything not listed runs with
 * the severity its ruleset gives it; the spec fails on any error.
 */
const disabled: Record<string, string> = {
  'owasp:api8:2023-define-cors-origin':
    'The marketplace sends no CORS headers: browsers keep the same-origin default, so no page on another origin reads its answers. Declaring Access-Control-Allow-Origin would be false.',
};

/** Rules switched off for some operations only: JSON pointers into the document, with the reason. */
const disabledAt: { pointers: string[]; rules: string[]; reason: string }[] = [
  {
    pointers: ['#/paths/~1health', '#/paths/~1metrics', '#/paths/~1openapi.json', '#/paths/~1v1~1network'],
    rules: ['owasp:api4:2023-rate-limit'],
    reason: 'Public operations for probes and scrapers: no API key, so no bucket to count against and no RateLimit-* headers.',
  },
];

disabledAt.push({
  pointers: ['predictions', 'embeddings', 'shards'].map((key, i) => `#/components/schemas/JobResultDocument/oneOf/${[0, 1, 2][i]}/properties/${key}`),
  rules: ['owasp:api4:2023-array-limit'],
  reason:
    'One item per dataset row (or slice of rows), and datasets have no row limit: a maxItems would be false. The document is read whole from the blob store as the scheduler wrote it; nothing here is request input.',
});

disabledAt.push({
  pointers: ['#/components/schemas/Catalog/properties/models', '#/components/schemas/Catalog/properties/datasets'],
  rules: ['owasp:api4:2023-array-limit'],
  reason:
    'The catalog lists the built-in entries and every upload of the caller, and an account may upload any number: a maxItems would be false. GET /v1/datasets and /v1/models page the uploads (at most 100 a page).',
});

disabledAt.push({
  pointers: ['#/paths/~1v1~1operator~1challenges/post', '#/paths/~1v1~1operator~1sessions/post'],
  rules: ['owasp:api2:2023-write-restricted'],
  reason: "Operator sign-in itself: no credential exists before it (no password ever does); the caller proves the node's key by signing the challenge. Rate-limited per node.",
});

const SOURCE = '/corex/openapi.json';

export interface LintFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  path: string;
  message: string;
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

/** Lints an OpenAPI document with spectral:oas and the OWASP API Security Top 10 2023 ruleset. */
export async function lintOpenApi(document: unknown): Promise<LintFinding[]> {
  const spectral = new Spectral();
  const definition = {
    extends: [
      [oas as RulesetDefinition, 'recommended'],
      [owasp as RulesetDefinition, 'recommended'],
    ],
    rules: Object.fromEntries(Object.keys(disabled).map((rule) => [rule, 'off'])),
    overrides: disabledAt.map(({ pointers, rules }) => ({
      files: pointers.map((pointer) => `openapi.json${pointer}`),
      rules: Object.fromEntries(rules.map((rule) => [rule, 'off'])),
    })),
  } as RulesetDefinition;
  spectral.setRuleset(new Ruleset(definition, { source: '/corex/.spectral.json' }));
  const results: ISpectralDiagnostic[] = await spectral.run(new Document(JSON.stringify(document, null, 2), Parsers.Json, SOURCE));
  return results.map((r) => ({ rule: String(r.code), severity: SEVERITIES[r.severity]!, path: r.path.join('.'), message: r.message }));
}

/** Findings counted by severity and rule, for a readable failure message. */
export function summarize(findings: LintFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.severity} ${f.rule}`, (counts.get(`${f.severity} ${f.rule}`) ?? 0) + 1);
  return [...counts].sort().map(([key, n]) => `${n} × ${key}`).join('\n');
}
