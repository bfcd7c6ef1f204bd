// Local infrastructure for tests and the dev fleet: MariaDB/MySQL, Redis and a Kafka broker, each
// reused when it already answers and started by us otherwise. Used by the test runner, the fleet
// launcher and the up/down CLIs.
import { ensureKafka, stopKafka } from './kafka.mjs';
import { prefixed } from './log.mjs';
import { ensureMysql, stopMysql } from './mysql.mjs';
import { ensureRedis, stopRedis } from './redis.mjs';

export { ensureChromium } from './chromium.mjs';
export { ensureFfmpeg } from './ffmpeg.mjs';
export { stopKafka };

/**
 * Makes MySQL, Redis and (unless kafka is false) Kafka answer. Returns the env variables that
 * point at them, the names of the services this call started, and stop() for exactly those.
 */
export async function ensureInfra({ kafka = true, log = console.log } = {}) {
  const say = prefixed(log);
  const services = { mysql: ensureMysql, redis: ensureRedis, ...(kafka ? { kafka: ensureKafka } : {}) };
  const names = Object.keys(services);
  const outcomes = await Promise.allSettled(names.map((name) => services[name]({ say })));
  const ready = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [{ name: names[i], ...outcome.value }] : []));
  const startedHere = ready.filter((service) => service.started);
  const stop = async () => {
    for (const service of startedHere.reverse()) await service.stop();
  };
  const failures = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => outcome.reason);
  if (failures.length > 0) {
    await stop();
    throw new Error(failures.map((error) => error.message).join('\n'));
  }
  return {
    env: Object.assign({}, ...ready.map((service) => service.env)),
    started: startedHere.map((service) => service.name),
    stop,
  };
}

/** Stops every service the project started (found by pid files), whichever process started it. */
export async function stopInfra({ log = console.log } = {}) {
  const say = prefixed(log);
  for (const [name, stopService] of [['kafka', stopKafka], ['redis', stopRedis], ['mysql', stopMysql]]) {
    say(`${name}: ${(await stopService()) ? 'stopped' : 'not started by the project'}`);
  }
}
