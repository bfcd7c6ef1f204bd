import { createConnection } from 'mysql2/promise';
import { infraEnv } from './infra-env';

/** Removes the databases a test fleet created (every `ovation_*<suffix>`). */
export async function dropDatabases(suffix: string): Promise<void> {
  const env = infraEnv();
  const connection = await createConnection({ host: env.MYSQL_HOST, port: Number(env.MYSQL_PORT), user: env.MYSQL_USER, password: env.MYSQL_PASSWORD });
  try {
    const [rows] = await connection.query<import('mysql2').RowDataPacket[]>('SHOW DATABASES');
    for (const { Database: name } of rows) {
      if (name.startsWith('ovation_') && name.endsWith(suffix)) await connection.query(`DROP DATABASE \`${name}\``);
    }
  } finally {
    await connection.end();
  }
}
