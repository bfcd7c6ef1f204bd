import { createConnection } from 'mysql2/promise';
import type { DataSourceSettings } from './data-source';
import { mysqlTlsOptions } from './mysql-tls';

export type ServerSettings = Pick<DataSourceSettings, 'host' | 'port' | 'username' | 'password' | 'database' | 'tls'>;

/** Creates the service's database when it does not exist yet (on a plain connection: the DataSource needs it to exist). */
export async function ensureDatabase(settings: ServerSettings): Promise<void> {
  // An identifier cannot be a query parameter, so the name is checked instead.
  if (!/^[A-Za-z0-9_]+$/.test(settings.database)) throw new Error(`unsafe database name ${settings.database}`);
  const connection = await createConnection({ host: settings.host, port: settings.port, user: settings.username, password: settings.password, ssl: mysqlTlsOptions(settings.tls) });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${settings.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}
