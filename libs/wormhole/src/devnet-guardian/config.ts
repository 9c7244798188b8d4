import { z } from 'zod';
import { loadConfig } from '@corex/platform';
import { DEVNET_GUARDIAN_KEY } from './guardian';

const chainsSchema = z.array(
  z.object({
    wormholeChainId: z.number().int().min(1).max(65535),
    rpcUrl: z.string().url(),
    coreAddress: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    fromBlock: z.number().int().min(0).default(0),
  }),
);

/** Environment of the devnet guardian process. */
export const devnetGuardianConfigSchema = z.object({
  /** JSON list of `{ wormholeChainId, rpcUrl, coreAddress, fromBlock }`. */
  COREX_GUARDIAN_CHAINS: z.string().transform((json, ctx) => {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
    const parsed = chainsSchema.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return z.NEVER;
    }
    return parsed.data;
  }),
  COREX_GUARDIAN_PORT: z.coerce.number().int().min(0).max(65535).default(7071),
  COREX_GUARDIAN_HOST: z.string().default('127.0.0.1'),
  /** Guardian private keys, comma-separated, in guardian-set order. */
  COREX_GUARDIAN_KEYS: z.string().default(DEVNET_GUARDIAN_KEY).transform((keys) => keys.split(',').map((k) => k.trim())),
  COREX_GUARDIAN_SET_INDEX: z.coerce.number().int().min(0).default(0),
  COREX_GUARDIAN_POLL_MS: z.coerce.number().int().min(10).default(500),
  LOG_LEVEL: z.string().default('info'),
});
export type DevnetGuardianConfig = z.infer<typeof devnetGuardianConfigSchema>;

const FLAGS: Record<string, string> = { '--chains': 'COREX_GUARDIAN_CHAINS', '--port': 'COREX_GUARDIAN_PORT', '--host': 'COREX_GUARDIAN_HOST', '--keys': 'COREX_GUARDIAN_KEYS', '--key': 'COREX_GUARDIAN_KEYS' };

/** The environment, with `--chains <json> --port <n> --host <h> --key(s) <k,…>` arguments taking precedence. */
export function loadDevnetGuardianConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): DevnetGuardianConfig {
  const merged = { ...env };
  for (let i = 0; i < argv.length; i += 2) {
    const name = FLAGS[argv[i]!];
    if (!name || argv[i + 1] === undefined) throw new Error(`unknown or valueless argument ${argv[i]} (known: ${Object.keys(FLAGS).join(', ')})`);
    merged[name] = argv[i + 1];
  }
  return loadConfig(devnetGuardianConfigSchema, merged);
}
