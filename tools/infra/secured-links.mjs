// A server the environment reaches over TLS, SASL or with a password (KAFKA_TLS*, KAFKA_SASL_*,
// MYSQL_TLS_*, REDIS_TLS*, REDIS_USERNAME/PASSWORD, REDIS_CLUSTER_NODES) is probed the way the
// services reach it: with the built @ovation libs — the same config validation and the one mapping
// to kafkajs, ioredis and mysql2 — so a probe never disagrees with them. Such a server is always
// someone else's (the project starts only plain local ones); plain local development needs no build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

const require = createRequire(import.meta.url);

const SECURING = {
  kafka: /^KAFKA_(TLS|SASL_)/,
  mysql: /^MYSQL_TLS_/,
  redis: /^REDIS_(TLS|USERNAME$|PASSWORD$|CLUSTER_NODES$)/,
};

function built(link, file) {
  const full = path.join(repoRoot, 'dist', file);
  if (!existsSync(full)) throw new Error(`${link}: the environment secures it (TLS, SASL or a password), and probing such a server takes the built services' libs: build first (node tools/build/build.mjs)`);
  return require(full);
}

/** The link's config, parsed by the services' own fragment (a ConfigError names a bad variable). */
function linkConfig(link, fragment, env) {
  const { loadConfig, ...fragments } = built(link, 'libs/platform/config/src/index.js');
  const { z } = require('zod');
  return loadConfig(`the ${link} probe`, z.object(fragments[fragment]('')), env);
}

const PROBES = {
  async kafka(env) {
    const { createKafka, kafkaConnection, kafkaHealth } = built('kafka', 'libs/platform/kafka/src/index.js');
    const { logLevel } = require('kafkajs');
    const check = kafkaHealth(createKafka({ clientId: 'ovation-infra-probe', ...kafkaConnection(linkConfig('kafka', 'kafkaFields', env)), logLevel: logLevel.NOTHING }), { timeoutMs: 10_000 });
    try {
      await check();
    } finally {
      await check.close();
    }
  },
  async redis(env) {
    const { createRedis, redisConnection, redisHealth } = built('redis', 'libs/platform/redis/src/index.js');
    const client = createRedis({ ...redisConnection(linkConfig('redis', 'redisFields', env)), lazyConnect: true });
    client.on('error', () => undefined); // the probe's own failure says it
    try {
      await redisHealth(client, 5_000);
    } finally {
      client.disconnect();
    }
  },
  async mysql(env) {
    const { createDataSource, databaseHealth, mysqlSettings } = built('mysql', 'libs/platform/database/src/index.js');
    // No database of the services' may exist yet: a login with none chosen.
    const config = { ...linkConfig('mysql', 'mysqlFields', env), MYSQL_DATABASE: '' };
    const dataSource = await createDataSource({ ...mysqlSettings(config, { entities: [], migrations: [] }), poolSize: 1 }).initialize();
    try {
      await databaseHealth(dataSource, 5_000);
    } finally {
      await dataSource.destroy();
    }
  },
};

/**
 * When the environment secures `link` ('kafka', 'mysql' or 'redis'): a probe that resolves once
 * the server answers over it, and rejects with why not; otherwise null (the plain probes apply).
 */
function securedProbe(link, env = process.env) {
  const variables = Object.keys(env).filter((name) => SECURING[link].test(name) && env[name]);
  if (!variables.length) return null;
  return { variables, answers: () => PROBES[link](env) };
}

/**
 * True when the environment secures `link` and the server at `where` answers over it (the caller
 * reuses it); false when the link is plain. Throws when a secured server does not answer: the
 * project never starts one in its place. Messages name variables, never their values.
 */
export async function reuseSecured(link, where, say) {
  const probe = securedProbe(link);
  if (!probe) return false;
  const how = probe.variables.join(', ');
  try {
    await probe.answers();
  } catch (error) {
    throw new Error(`${link}: ${where} does not answer with ${how}: ${error.message}`);
  }
  say(`${link}: using ${where} (${how})`);
  return true;
}
