/**
 * A NonceSigner in a process of its own, for the crash tests: env DATABASE_URL, RPC_URL,
 * CHAIN_ID, KEY (private key), INTENTS (JSON [{ id, to, value }]), CRASH_AT (`persisted` or
 * `sent`) and CRASH_INTENT. It submits the intents one by one, printing `submitted <id> <hash>`,
 * and kills itself with SIGKILL at CRASH_AT of CRASH_INTENT: no cleanup, no flush.
 */
import { Wallet } from 'ethers';
import { openDataSource } from '@corex/projections';
import { chainMigrations, chainProvider, NonceSigner } from '../index';

async function main(): Promise<void> {
  const env = process.env as Record<string, string>;
  const ds = await openDataSource({ url: env.DATABASE_URL, migrations: chainMigrations, migrationsTableName: 'chain_migrations' });
  const provider = chainProvider(env.RPC_URL, Number(env.CHAIN_ID));
  const signer = await NonceSigner.open({
    ds,
    provider,
    wallet: new Wallet(env.KEY, provider),
    chainId: Number(env.CHAIN_ID),
    onStage: (stage, intentId) => {
      if (stage === env.CRASH_AT && intentId === env.CRASH_INTENT) process.kill(process.pid, 'SIGKILL');
    },
  });
  for (const intent of JSON.parse(env.INTENTS) as { id: string; to: string; value: string }[]) {
    const sent = await signer.submit(intent.id, { to: intent.to, value: BigInt(intent.value), gasLimit: 21_000n });
    console.log(`submitted ${intent.id} ${sent.hash}`);
  }
  await ds.destroy();
  provider.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
