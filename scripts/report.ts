/**
 * `npm run report -- --job <id> --api <url> --api-key <key> [--out <file.svg>]`: writes a training
 * job's curves (loss, held-out accuracy, rejected updates and stragglers per step) as SVG, read
 * through the marketplace API (GET /v1/jobs/{id}/report.svg). `--api` and `--api-key` default to
 * COREX_API_URL and COREX_API_KEY. PNG is refused: no SVG rasterizer is installed in node_modules
 * (sharp, @resvg/resvg-js, canvas…); convert the SVG with a tool of your own.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const USAGE = 'usage: npm run report -- --job <id> --api <url> --api-key <key> [--out <file.svg>]';

export class ReportUsageError extends Error {}

export interface ReportOptions {
  job: string;
  api: string;
  apiKey: string;
  out: string;
}

/** The options of a command line, with their defaults; a usage error names what is wrong. */
export function reportOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ReportOptions {
  const { values } = parseArgs({ args: argv, options: { job: { type: 'string' }, api: { type: 'string' }, 'api-key': { type: 'string' }, out: { type: 'string' } } });
  const job = values.job;
  const api = values.api ?? env.COREX_API_URL;
  const apiKey = values['api-key'] ?? env.COREX_API_KEY;
  if (!job || !api || !apiKey) throw new ReportUsageError(`--job, --api and --api-key are required\n${USAGE}`);
  const out = values.out ?? `corex-report-${job}.svg`;
  if (/\.png$/i.test(out)) {
    throw new ReportUsageError('PNG output is not available: no SVG rasterizer is installed (checked node_modules for sharp, @resvg/resvg-js, canvas); write .svg and convert it yourself');
  }
  if (!/\.svg$/i.test(out)) throw new ReportUsageError(`--out must name a .svg file\n${USAGE}`);
  return { job, api: api.replace(/\/+$/, ''), apiKey, out };
}

/** Fetches the job's report from the API and writes it; returns the bytes written. */
export async function writeReport(o: ReportOptions): Promise<number> {
  const res = await fetch(`${o.api}/v1/jobs/${encodeURIComponent(o.job)}/report.svg`, { headers: { authorization: `Bearer ${o.apiKey}` } });
  const body = await res.text();
  if (res.status !== 200) {
    const problem = (() => {
      try {
        return JSON.parse(body) as { code?: string; detail?: string };
      } catch {
        return { detail: body.slice(0, 200) };
      }
    })();
    throw new Error(`the API answered ${res.status}${problem.code ? ` ${problem.code}` : ''}: ${problem.detail ?? ''}`);
  }
  await writeFile(o.out, body);
  return Buffer.byteLength(body);
}

async function main(): Promise<void> {
  const options = reportOptions(process.argv.slice(2));
  const bytes = await writeReport(options);
  console.log(`wrote ${options.out} (${bytes} bytes): training curves of job ${options.job}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof ReportUsageError ? 2 : 1);
  });
}
