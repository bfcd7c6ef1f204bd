import type { DataSourceSettings } from './data-source';

/** The `MYSQL_*` variables of `mysqlFields` in @ovation/config. */
export interface MysqlConfig {
  MYSQL_HOST: string;
  MYSQL_PORT: number;
  MYSQL_USER: string;
  MYSQL_PASSWORD: string;
  MYSQL_DATABASE: string;
  MYSQL_POOL_SIZE: number;
}

/** A service's DataSource settings: where its database is (config) and what lives in it (schema). */
export function mysqlSettings(
  config: MysqlConfig,
  schema: Pick<DataSourceSettings, 'entities' | 'migrations' | 'multipleStatements'>,
): DataSourceSettings {
  return {
    host: config.MYSQL_HOST,
    port: config.MYSQL_PORT,
    username: config.MYSQL_USER,
    password: config.MYSQL_PASSWORD,
    database: config.MYSQL_DATABASE,
    poolSize: config.MYSQL_POOL_SIZE,
    ...schema,
  };
}
