import type { SslOptions } from 'mysql2';
import type { MysqlTls } from './data-source';

/** The one place our TLS settings become mysql2's (the DataSource's pool and ensureDatabase's connection). */
export function mysqlTlsOptions(tls: MysqlTls | undefined): SslOptions | undefined {
  if (!tls) return undefined;
  const { mode, ...material } = tls;
  return { ...material, rejectUnauthorized: true, verifyIdentity: mode === 'verify-full' };
}
