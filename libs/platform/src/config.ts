import { z } from 'zod';

/** Settings every service shares; services extend this schema with their own. */
export const baseConfigSchema = z.object({
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/corex'),
  COREX_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('COREX_EVENTS'),
  COREX_SUBJECT_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default('corex'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** NATS credentials file (user JWT + seed) of this process's user on a secured server; unset against an open one. */
  COREX_NATS_CREDS: z.string().min(1).optional(),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** The one config loader: validates the environment against a zod schema, or fails naming every bad variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
