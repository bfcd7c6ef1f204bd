import { readTlsFiles } from '@ovation/config';
import type { DataSourceSettings } from './data-source';

/** The `MYSQL_*` variables of `mysqlFields` in @ovation/config. */
export interface MysqlConfig {
  MYSQL_HOST: string;
  MYSQL_PORT: number;
  MYSQL_USER: string;
  MYSQL_PASSWORD: string;
  MYSQL_DATABASE: string;
  MYSQL_POOL_SIZE: number;
  MYSQL_TLS_MODE: 'disabled' | 'verify-ca' | 'verify-full';
  MYSQL_TLS_CA_FILE: string;
  MYSQL_TLS_CERT_FILE: string;
  MYSQL_TLS_KEY_FILE: string;
}

/**
 * A service's DataSource settings: where its database is (config) and what lives in it (schema).
 * TLS files are read here, so a missing or unreadable one stops the start (or the migration)
 * with a ConfigError naming its variable.
 */
export function mysqlSettings(
  config: MysqlConfig,
  schema: Pick<DataSourceSettings, 'entities' | 'migrations' | 'multipleStatements'>,
): DataSourceSettings {
  const mode = config.MYSQL_TLS_MODE;
  return {
    host: config.MYSQL_HOST,
    port: config.MYSQL_PORT,
    username: config.MYSQL_USER,
    password: config.MYSQL_PASSWORD,
    database: config.MYSQL_DATABASE,
    poolSize: config.MYSQL_POOL_SIZE,
    tls: mode === 'disabled' ? undefined : { mode, ...readTlsFiles('the MySQL connection', 'MYSQL', config) },
    ...schema,
  };
}
