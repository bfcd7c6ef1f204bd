import { loadConfig, mysqlFields } from '@ovation/config';
import { makeTestPki, startPrivateMysql, TestPki } from '@ovation/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { createDataSource, DataSourceSettings, ensureDatabase, migrateCommand, mysqlSettings } from './index';
import { createTableMigration } from './scratch-database.spec-helper';

// MySQL links as a service builds them (environment → @ovation/config → mysqlSettings → the
// DataSource, ensureDatabase and the migration entry point), against a MariaDB of this suite's own
// that requires TLS (require_secure_transport) and a password.
const schema = z.object(mysqlFields('ovation_tls_spec'));
const APP = { username: 'ovation-app', password: randomBytes(12).toString('hex') };
const X509 = { username: 'ovation-x509', password: randomBytes(12).toString('hex'), requireClientCertificate: true };
const DATABASE = `ovation_tls_${randomBytes(4).toString('hex')}`;
const migrations = [createTableMigration('CreateTlsWidgets1700000000000', 'CREATE TABLE widgets (id INT PRIMARY KEY)')];

describe('MySQL over TLS (a private MariaDB with require_secure_transport)', () => {
  let pki: TestPki;
  let server: Awaited<ReturnType<typeof startPrivateMysql>>;
  const opened: DataSource[] = [];

  beforeAll(async () => {
    pki = makeTestPki();
    server = await startPrivateMysql('mysql-tls-spec', { tls: { server: pki.server, ca: pki.ca }, users: [APP, X509] });
  }, 90_000);

  afterAll(async () => {
    await opened[0]?.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
    await Promise.all(opened.map((d) => d.destroy()));
    await server?.stop();
    pki?.remove();
  });

  const settingsOf = (env: Record<string, string>): DataSourceSettings =>
    mysqlSettings(loadConfig('mysql-spec', schema, { MYSQL_PORT: String(server.port), MYSQL_USER: APP.username, MYSQL_PASSWORD: APP.password, MYSQL_DATABASE: DATABASE, ...env }), {
      entities: [],
      migrations,
    });
  const open = async (settings: DataSourceSettings) => {
    const dataSource = await createDataSource(settings).initialize();
    opened.push(dataSource);
    return dataSource;
  };
  const sessionTls = async (dataSource: DataSource) => (await dataSource.query("SHOW SESSION STATUS LIKE 'Ssl_version'"))[0].Value as string;
  const verifyFull = { MYSQL_HOST: 'localhost', MYSQL_TLS_MODE: 'verify-full', MYSQL_TLS_CA_FILE: '' };

  it('creates the database, migrates and queries over verified TLS (verify-full: CA and host name)', async () => {
    const settings = settingsOf({ ...verifyFull, MYSQL_TLS_CA_FILE: pki.ca });
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    try {
      await migrateCommand('tls-spec', () => settings);
    } finally {
      write.mockRestore();
    }
    expect(process.exitCode ?? 0).toBe(0);
    expect(written.join('')).toContain(`tls-spec: applied CreateTlsWidgets1700000000000 (${DATABASE})`);

    const dataSource = await open(settings);
    await dataSource.query('INSERT INTO widgets (id) VALUES (?)', [7]);
    expect(await dataSource.query('SELECT id FROM widgets')).toEqual([{ id: 7 }]);
    expect(await sessionTls(dataSource)).toMatch(/^TLSv1\.[23]$/);
  });

  it('verifies the chain only with verify-ca (a server reached by IP)', async () => {
    const dataSource = await open(settingsOf({ MYSQL_TLS_MODE: 'verify-ca', MYSQL_TLS_CA_FILE: pki.ca }));
    expect(await sessionTls(dataSource)).toMatch(/^TLSv1\.[23]$/);
  });

  it('presents the client certificate to a user that requires one (mutual TLS), who is refused without it', async () => {
    const x509 = { MYSQL_TLS_MODE: 'verify-ca', MYSQL_TLS_CA_FILE: pki.ca, MYSQL_USER: X509.username, MYSQL_PASSWORD: X509.password };
    const dataSource = await open(settingsOf({ ...x509, MYSQL_TLS_CERT_FILE: pki.client.cert, MYSQL_TLS_KEY_FILE: pki.client.key }));
    expect(await dataSource.query('SELECT CURRENT_USER() AS user')).toEqual([{ user: `${X509.username}@%` }]);
    await expect(ensureDatabase(settingsOf(x509))).rejects.toThrow(/Access denied for user 'ovation-x509'/);
  });

  it('is refused without TLS', async () => {
    await expect(ensureDatabase(settingsOf({}))).rejects.toThrow(/Access denied for user 'ovation-app'/);
  });

  it('is refused a wrong password, without showing it', async () => {
    const error = await ensureDatabase(settingsOf({ MYSQL_TLS_MODE: 'verify-ca', MYSQL_TLS_CA_FILE: pki.ca, MYSQL_PASSWORD: 'not-the-password' })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Access denied for user 'ovation-app'@'[^']+' \(using password: YES\)/);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('not-the-password');
  });

  it('refuses a server whose certificate its CA did not sign, and one the system CAs do not know', async () => {
    await expect(createDataSource(settingsOf({ MYSQL_TLS_MODE: 'verify-ca', MYSQL_TLS_CA_FILE: pki.otherCa })).initialize()).rejects.toThrow(/self-signed certificate in certificate chain/);
    await expect(ensureDatabase(settingsOf(verifyFull))).rejects.toThrow(/self-signed certificate in certificate chain|unable to get local issuer certificate/);
  });
});
