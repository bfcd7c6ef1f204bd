// One single-node KRaft broker (broker and controller in one JVM) run from the cached Apache Kafka
// jars, detached, with its state (config, data, logs, pid file) in .ovation/<name>. The project's
// broker is `kafka` on 9092; a test that kills and restarts a broker gets one of its own.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { runningPid, startDaemon, stopDaemon, tailOf } from './daemon.mjs';
import { writeKafkaConfig } from './kafka-config.mjs';
import { ensureKafkaLibs, kafkaVersion } from './kafka-libs.mjs';
import { secondsSince } from './log.mjs';
import { serviceDir } from './paths.mjs';
import { run } from './run.mjs';
import { tcpAnswers, waitFor } from './wait.mjs';

const { Kafka, logLevel } = kafkajs;
const readyTimeoutMs = 60_000;

/** True when the first of `brokers` accepts a TCP connection. */
export function firstBrokerAccepts(brokers) {
  const [host, port] = brokers.split(',')[0].split(':');
  return tcpAnswers(host, Number(port));
}

/** True when a TCP connect succeeds and the broker answers a real metadata request. */
export async function kafkaAnswers(brokers) {
  if (!(await firstBrokerAccepts(brokers))) return false;
  const admin = new Kafka({
    clientId: 'ovation-infra-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } finally {
    await admin.disconnect();
  }
}

/**
 * The broker named `name` listening on 127.0.0.1:`port` (its controller on `controllerPort`;
 * `listeners` adds client listeners, advertised elsewhere, TLS or SASL, for `users`: see
 * writeKafkaConfig). start() formats its storage once (the users' SCRAM credentials with it) and
 * waits until it answers; stop() shuts it down in order; kill() is a crash (SIGKILL), after which
 * start() brings the same data back.
 */
export function kafkaBroker({ name = 'kafka', port = 9092, controllerPort = port + 1, listeners = [], users = [] } = {}) {
  const kafkaDir = serviceDir(name);
  const dataDir = path.join(kafkaDir, 'data');
  const logsDir = path.join(kafkaDir, 'logs');
  const pidFile = path.join(kafkaDir, 'kafka.pid');
  const stdoutLog = path.join(logsDir, 'stdout.log');
  const serverLog = path.join(logsDir, 'server.log');
  // The generated server.properties path is on this broker's command line and on no one else's.
  const marker = path.join(kafkaDir, 'server.properties');
  const brokers = `127.0.0.1:${port}`;

  const pid = () => runningPid(pidFile, marker);

  async function start(say) {
    if (pid()) {
      // Started earlier, possibly still booting: wait for it rather than start a second one.
      await waitFor(name, () => kafkaAnswers(brokers), { timeoutMs: readyTimeoutMs });
      return { pid: pid(), started: false };
    }
    const classpath = await ensureKafkaLibs(say);
    const { serverProperties, log4jProperties } = writeKafkaConfig({ kafkaDir, dataDir, logsDir, port, controllerPort, listeners, users });
    await formatStorageOnce({ classpath, serverProperties, log4jProperties, kafkaDir, dataDir, users, say });
    const startedAt = Date.now();
    const jvmArgs = [
      '-Xms256m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${log4jProperties}`,
      `-Dkafka.logs.dir=${logsDir}`,
    ];
    const daemon = startDaemon('java', [...jvmArgs, '-cp', classpath, 'kafka.Kafka', serverProperties], { logFile: stdoutLog, pidFile });
    say(`${name}: starting Apache Kafka ${kafkaVersion} (KRaft, pid ${daemon.pid}); logs in ${logsDir}`);
    await waitFor(name, () => kafkaAnswers(brokers), {
      timeoutMs: readyTimeoutMs,
      intervalMs: 200,
      abort: () => daemon.exited() && `the broker ${daemon.exited()}; ${stdoutLog}:\n${tailOf(stdoutLog)}\n${serverLog}:\n${tailOf(serverLog)}`,
    }).catch(async (error) => {
      await stop();
      throw error;
    });
    say(`${name}: broker ready at ${brokers} in ${secondsSince(startedAt)}`);
    return { pid: daemon.pid, started: true };
  }

  /** SIGTERM (an orderly shutdown), then SIGKILL after 30 s; true when it stopped a broker. */
  function stop() {
    return stopDaemon(pidFile, marker, { graceMs: 30_000 });
  }

  /** A crash: SIGKILL, no orderly shutdown; true when there was a broker to kill. */
  function kill() {
    return stopDaemon(pidFile, marker, { graceMs: 0, signal: 'SIGKILL' });
  }

  return { name, brokers, dir: kafkaDir, pid, start, stop, kill };
}

// KRaft storage is formatted once, with a fresh cluster id; meta.properties marks a formatted dir.
// The users' SCRAM credentials are part of the first metadata: the tool takes them as arguments,
// read from an @file (argparse4j's: one argument per line) readable by its owner only, so no
// password is on a command line.
async function formatStorageOnce({ classpath, serverProperties, log4jProperties, kafkaDir, dataDir, users, say }) {
  if (fs.existsSync(path.join(dataDir, 'meta.properties'))) return;
  const startedAt = Date.now();
  const clusterId = randomClusterId();
  const scram = users.flatMap(({ username, password }) => ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => ['--add-scram', `${m}=[name=${username},password=${password}]`]));
  const argFile = path.join(kafkaDir, 'format.args');
  if (scram.length) fs.writeFileSync(argFile, scram.join('\n'), { mode: 0o600 });
  fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    // A tool that runs for a second: the quick-starting JIT tier and collector save ~1 s of it.
    const javaArgs = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', `-Dlog4j2.configurationFile=${log4jProperties}`, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', serverProperties, '--standalone', ...(scram.length ? [`@${argFile}`] : [])];
    await run('kafka: StorageTool format', 'java', javaArgs);
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(argFile, { force: true });
  }
  say(`kafka: formatted ${dataDir} (cluster ${clusterId}) in ${secondsSince(startedAt)}`);
}

// What `StorageTool random-uuid` prints (Kafka's Uuid: 16 random bytes, base64url without padding,
// never starting with "-"), without a JVM start of its own.
function randomClusterId() {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
