import type { ClientConfig } from 'pg';
import { DataSource, type MixedList } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

export interface DataSourceOptions {
  url: string;
  /** TypeORM migration classes; run at start-up. */
  migrations?: MixedList<Function>;
  migrationsTableName?: string;
  poolSize?: number;
}

/** A Postgres DataSource with migrations (never `synchronize`): the schema is code-reviewed SQL. */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url: options.url,
    migrations: options.migrations ?? [],
    migrationsTableName: options.migrationsTableName ?? 'typeorm_migrations',
    synchronize: false,
    extra: { max: options.poolSize ?? 10 },
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** Connection settings of a DataSource, for a pg client of its own (e.g. a projection's lease). */
export function clientConfigOf(ds: DataSource): ClientConfig {
  const o = ds.options as PostgresConnectionOptions;
  return {
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: typeof o.password === 'string' ? o.password : undefined,
    database: o.database,
    application_name: 'corex-projection-lease',
    // A lease connection is mostly idle (LISTEN): a connection that died silently (NAT, partition)
    // must surface as an error, not hang a take-over check or leave a holder believing it holds.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    connectionTimeoutMillis: 10_000,
    query_timeout: 10_000,
  };
}
