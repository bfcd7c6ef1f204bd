import type { TlsMaterial } from '@ovation/config';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { mysqlTlsOptions } from './mysql-tls';

export interface DataSourceSettings {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The service's own database: no service reads another's tables. */
  database: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: MixedList<Function | string>;
  logging?: boolean;
  poolSize?: number;
  /**
   * Lets one query carry several statements (one round trip for a batch). Only for code that
   * builds all its SQL with placeholders: it widens what an injected string could do.
   */
  multipleStatements?: boolean;
  /** TLS, the server's certificate verified (absent: no TLS); see MysqlTls. */
  tls?: MysqlTls;
}

export interface MysqlTls extends TlsMaterial {
  /** verify-ca: the certificate chains to `ca` (Node's default CAs without one); verify-full: and names the host. */
  mode: 'verify-ca' | 'verify-full';
}

/** A TypeORM DataSource over mysql2 (not yet initialized). The schema only ever changes through migrations. */
export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'mysql',
    connectorPackage: 'mysql2',
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    database: settings.database,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: settings.logging ?? false,
    // utf8mb4 (emoji in danmaku and names), with the collation ensureDatabase gives the database.
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // BIGINT and DECIMAL arrive as strings: money and ids never pass through a float.
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: settings.poolSize ?? 10,
    multipleStatements: settings.multipleStatements ?? false,
    ssl: mysqlTlsOptions(settings.tls),
  });
}
