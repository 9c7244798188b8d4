import { bridgeConfigSchema } from '../../apps/bridge/src/config';
import { startBridge, type RunningBridge } from '../../apps/bridge/src/start-bridge';
import { createTestDatabase, NATS_URL } from './infra';
import type { Stack } from './stack';

export interface StackBridge {
  bridge: RunningBridge;
  /** Closes the bridge and drops its database. */
  close(): Promise<void>;
}

/**
 * The bridge service in this process on the stack's stream, with a database of its own. Without
 * COREX_DEPLOYMENT_FILE in `env` it follows no chain and serves its HTTP API only.
 */
export async function startStackBridge(stack: Stack, env: Record<string, string> = {}): Promise<StackBridge> {
  const db = await createTestDatabase();
  try {
    const bridge = await startBridge(
      bridgeConfigSchema.parse({
        NATS_URL,
        COREX_STREAM: stack.names.stream,
        COREX_SUBJECT_PREFIX: stack.names.prefix,
        DATABASE_URL: db.url,
        COREX_BRIDGE_PORT: '0',
        LOG_LEVEL: process.env.COREX_TEST_LOG_LEVEL ?? 'silent',
        ...env,
      }),
    );
    return {
      bridge,
      close: async () => {
        await bridge.close();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}
