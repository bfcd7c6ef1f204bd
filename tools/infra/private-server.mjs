#!/usr/bin/env node
// `node tools/infra/private-server.mjs <redis|mysql> <start|stop> --name <name> --port <port> [--include <file>]`:
// a Redis or MariaDB of a test's own (state in .ovation/<name>), started the way the project starts
// its shared ones, plus the directives of `--include` (TLS, users, cluster mode), which keeps
// passwords off every command line. `start` stops what a crashed run left under that name first, and
// prints {"pid","socket"} once the server answers on its unix socket; `stop` removes its state, but
// for a MariaDB data dir, which the next start reuses (mariadb-install-db takes seconds).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { prefixed } from './log.mjs';
import { mysqlServer } from './mysql.mjs';
import { redisServer } from './redis.mjs';

const SERVERS = { redis: redisServer, mysql: mysqlServer };
const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, port: { type: 'string' }, include: { type: 'string' } } });
const [kind, command] = positionals;
const port = Number(values.port);
if (!SERVERS[kind] || !['start', 'stop'].includes(command) || !values.name || ['redis', 'mysql', 'kafka'].includes(values.name) || !Number.isInteger(port)) {
  console.error('usage: private-server.mjs <redis|mysql> <start|stop> --name <name other than the shared ones> --port <port> [--include <file>]');
  process.exit(2);
}
const server = SERVERS[kind]({ name: values.name, port, include: values.include });
const say = prefixed((line) => console.error(line));
try {
  if (command === 'start') {
    await server.stop();
    const { pid } = await server.start(say);
    console.log(JSON.stringify({ pid, socket: server.socket }));
  } else {
    say(`${server.name}: ${(await server.stop()) ? 'stopped' : 'was not running'}`);
    if (kind !== 'mysql') fs.rmSync(server.dir, { recursive: true, force: true });
    for (const entry of kind === 'mysql' && fs.existsSync(server.dir) ? fs.readdirSync(server.dir) : []) {
      if (entry !== 'data') fs.rmSync(`${server.dir}/${entry}`, { recursive: true, force: true });
    }
  }
} catch (error) {
  say(`${server.name}: ${command} failed: ${error.message}`);
  process.exitCode = 1;
}
