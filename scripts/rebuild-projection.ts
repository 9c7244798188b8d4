/**
 * `npm run rebuild-projection -- <name>`: empties one read model and replays the whole event
 * log into it (e.g. after changing its evolve function). It resets the read model only once it
 * holds the projection's lock (one applier at a time): while a marketplace applies this
 * projection the script waits, so stop the marketplaces (or restart them after it finished).
 */
import { openEventLog } from '@corex/eventstore';
import { baseConfigSchema, createLogger, loadConfig } from '@corex/platform';
import { openDataSource, Projector } from '@corex/projections';
import { marketplaceMigrations } from '../apps/marketplace/src/infrastructure/migrations';
import { marketplaceProjections } from '../apps/marketplace/src/projections';

async function main(): Promise<void> {
  const name = process.argv[2];
  const definition = marketplaceProjections.find((p) => p.name === name);
  if (!definition) {
    console.error(`usage: npm run rebuild-projection -- <${marketplaceProjections.map((p) => p.name).join('|')}>`);
    process.exit(2);
  }
  const config = loadConfig(baseConfigSchema);
  const logger = createLogger('rebuild-projection', config.LOG_LEVEL);
  const log = await openEventLog({ url: config.NATS_URL, service: 'rebuild', stream: config.COREX_STREAM, prefix: config.COREX_SUBJECT_PREFIX, logger, credsFile: config.COREX_NATS_CREDS });
  const ds = await openDataSource({ url: config.DATABASE_URL, migrations: marketplaceMigrations, migrationsTableName: 'marketplace_migrations' });
  const last = await log.jsm.streams.getMessage(config.COREX_STREAM, { last_by_subj: log.store.subjectOf(definition.filter) }).catch(() => null);
  const projector = new Projector(ds, log, definition as never, {}, logger);
  await projector.rebuild();
  if (last) await projector.waitFor(last.seq, 30 * 60_000);
  await projector.stop();
  logger.info({ projection: name, position: await projector.position() }, 'projection rebuilt');
  await log.close();
  await ds.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
