import { DataSource, type MixedList } from 'typeorm';

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
