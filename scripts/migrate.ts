/** `npm run migrate`: applies pending database migrations of every service (services also do this at start). */
import { baseConfigSchema, loadConfig } from '@corex/platform';
import { openDataSource } from '@corex/projections';
import { marketplaceMigrations } from '../apps/marketplace/src/infrastructure/migrations';

async function main(): Promise<void> {
  const config = loadConfig(baseConfigSchema);
  const ds = await openDataSource({ url: config.DATABASE_URL, migrations: marketplaceMigrations, migrationsTableName: 'marketplace_migrations' });
  console.log(`migrations applied to ${new URL(config.DATABASE_URL).pathname.slice(1)}`);
  await ds.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
