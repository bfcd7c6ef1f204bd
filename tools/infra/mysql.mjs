// MySQL-compatible database: reuse the server answering at MYSQL_HOST:MYSQL_PORT, else initialize a
// data dir in .ovation/mysql with the installed MariaDB (or MySQL) and start it on 127.0.0.1:3306.
// mysqlServer() is that server and, under another name, a test's own (private-server.mjs).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { runningPid, startDaemon, stopDaemon, tailOf } from './daemon.mjs';
import { secondsSince } from './log.mjs';
import { serviceDir } from './paths.mjs';
import { findCommand, run } from './run.mjs';
import { reuseSecured } from './secured-links.mjs';
import { tcpAnswers, waitFor } from './wait.mjs';

const local = { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: '3306', MYSQL_USER: 'root', MYSQL_PASSWORD: '' };

function configuredEnv() {
  return {
    MYSQL_HOST: process.env.MYSQL_HOST || local.MYSQL_HOST,
    MYSQL_PORT: process.env.MYSQL_PORT || local.MYSQL_PORT,
    MYSQL_USER: process.env.MYSQL_USER || local.MYSQL_USER,
    MYSQL_PASSWORD: process.env.MYSQL_PASSWORD ?? local.MYSQL_PASSWORD,
  };
}

/** True when the server logs in with the given mysql2 connection options and runs a query. */
async function mysqlAnswers(options) {
  const connection = await mysql.createConnection({ ...options, connectTimeout: 2000 });
  try {
    await connection.query('SELECT 1');
    return true;
  } finally {
    await connection.end();
  }
}

const tcpLogin = (env) => ({ host: env.MYSQL_HOST, port: Number(env.MYSQL_PORT), user: env.MYSQL_USER, password: env.MYSQL_PASSWORD });

/**
 * The MariaDB (or MySQL) server named `name` (data in .ovation/<name>/data, root with an empty
 * password) on 127.0.0.1:`port`. `include` is an option file ([mariadbd] group: TLS certificates,
 * require_secure_transport…) read instead of none; the server is probed as root on its own unix
 * socket, which needs no TLS.
 */
export function mysqlServer({ name = 'mysql', port = 3306, include } = {}) {
  const dir = serviceDir(name);
  const dataDir = path.join(dir, 'data');
  const pidFile = path.join(dir, 'mysqld.pid');
  const logFile = path.join(dir, 'mysqld.log');
  const socket = socketPath(dir);
  const answers = () => mysqlAnswers({ socketPath: socket, user: 'root', password: '' });

  async function start(say) {
    if (runningPid(pidFile, dataDir)) {
      // Started earlier and still booting: wait for it rather than start a second one.
      await waitFor(name, answers, { timeoutMs: 60_000 });
      return { pid: runningPid(pidFile, dataDir), started: false };
    }
    const startedAt = Date.now();
    const server = serverBinary(port);
    await initializeDataDir(name, server, dataDir, say);
    const args = [
      include ? `--defaults-file=${include}` : '--no-defaults',
      `--datadir=${dataDir}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      `--socket=${socket}`,
      `--pid-file=${path.join(dir, 'server.pid')}`,
      ...userArgs(),
    ];
    const daemon = startDaemon(server, args, { logFile, pidFile });
    await waitFor(name, answers, {
      timeoutMs: 60_000,
      intervalMs: 100,
      abort: () => daemon.exited() && `${server} ${daemon.exited()}; ${logFile}:\n${tailOf(logFile)}`,
    });
    say(`${name}: started ${path.basename(server)} on 127.0.0.1:${port} (pid ${daemon.pid}) in ${secondsSince(startedAt)}`);
    return { pid: daemon.pid, started: true };
  }

  /** Stops it (SIGTERM, SIGKILL after 30 s); true when there was a server to stop. */
  function stop() {
    return stopDaemon(pidFile, dataDir, { graceMs: 30_000 });
  }

  return { name, dir, socket, start, stop };
}

const localServer = mysqlServer();

/** Makes sure a MySQL-compatible server answers; returns { env, started, stop }. */
export async function ensureMysql({ say }) {
  const env = configuredEnv();
  const where = `${env.MYSQL_HOST}:${env.MYSQL_PORT}`;
  if (await reuseSecured('mysql', `the server at ${where}`, say)) return { env, started: false, stop: async () => {} };
  if (await tcpAnswers(env.MYSQL_HOST, Number(env.MYSQL_PORT))) {
    try {
      await mysqlAnswers(tcpLogin(env));
    } catch (error) {
      throw new Error(`mysql: the server at ${where} refuses ${env.MYSQL_USER}: ${error.message}`);
    }
    say(`mysql: using the server at ${where}`);
    return { env, started: false, stop: async () => {} };
  }
  if (where !== `${local.MYSQL_HOST}:${local.MYSQL_PORT}`) throw new Error(`mysql: nothing answers at ${where}`);
  const { started } = await localServer.start(say);
  await waitFor('mysql', () => mysqlAnswers(tcpLogin(env)), { timeoutMs: 10_000 });
  return { env, started, stop: started ? stopMysql : async () => {} };
}

/** Stops a database server the project started (by its pid file). */
export function stopMysql() {
  return localServer.stop();
}

function serverBinary(port) {
  const server = findCommand('mariadbd') ?? findCommand('mysqld');
  if (server) return server;
  throw new Error(`mysql: nothing answers on 127.0.0.1:${port} and neither mariadbd nor mysqld is installed (apt-get install -y mariadb-server)`);
}

// mysqld refuses to run as root unless told to.
function userArgs() {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

// A unix socket path is limited to ~107 bytes; a deep checkout moves it to the temp dir.
function socketPath(dir) {
  const inTree = path.join(dir, 'mysqld.sock');
  if (inTree.length < 100) return inTree;
  const id = crypto.createHash('sha1').update(dir).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `ovation-mysql-${id}.sock`);
}

async function initializeDataDir(name, server, dataDir, say) {
  if (fs.existsSync(path.join(dataDir, 'mysql'))) return;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const installer = findCommand('mariadb-install-db') ?? findCommand('mysql_install_db');
  // Root gets an empty password usable over TCP (not unix_socket auth): the project's default credentials.
  // MariaDB ships an installer script; MySQL 5.7+ initializes through the server itself.
  const [command, args] = installer
    ? [installer, ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArgs()]]
    : [server, ['--no-defaults', '--initialize-insecure', `--datadir=${dataDir}`, ...userArgs()]];
  say(`${name}: initializing ${dataDir} with ${command}`);
  try {
    await run(name, command, args);
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
