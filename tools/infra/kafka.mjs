// Kafka: reuse the broker answering at KAFKA_BROKERS, else run a single-node KRaft broker (broker and
// controller in one JVM) from the cached Apache Kafka jars, detached, its pid in .ovation/kafka/kafka.pid.
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

const kafkaDir = serviceDir('kafka');
const dataDir = path.join(kafkaDir, 'data');
const logsDir = path.join(kafkaDir, 'logs');
const pidFile = path.join(kafkaDir, 'kafka.pid');
const stdoutLog = path.join(logsDir, 'stdout.log');
const serverLog = path.join(logsDir, 'server.log');
const localBrokers = '127.0.0.1:9092';
// The generated server.properties path is on our broker's command line and on no one else's.
const marker = path.join(kafkaDir, 'server.properties');
const readyTimeoutMs = 60_000;

function firstBrokerAccepts(brokers) {
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

/** Makes sure a Kafka broker answers; returns { env, started, stop }. */
export async function ensureKafka({ say }) {
  const brokers = process.env.KAFKA_BROKERS || localBrokers;
  const env = { KAFKA_BROKERS: brokers };
  const reused = { env, started: false, stop: async () => {} };
  const answers = () => kafkaAnswers(brokers);
  const ours = runningPid(pidFile, marker);
  if (ours) {
    // Ours from an earlier `up`, possibly still booting: wait for it rather than start a second one.
    await waitFor('kafka', answers, { timeoutMs: readyTimeoutMs });
    say(`kafka: using the broker the project started earlier (pid ${ours}) at ${brokers}`);
    return reused;
  }
  if (await firstBrokerAccepts(brokers)) {
    await waitFor(`kafka: ${brokers} accepts connections but does not answer as a Kafka broker`, answers, { timeoutMs: 10_000 });
    say(`kafka: using the broker at ${brokers}`);
    return reused;
  }
  if (brokers !== localBrokers) throw new Error(`kafka: KAFKA_BROKERS=${brokers} does not answer`);
  await startBroker(say);
  return { env, started: true, stop: stopKafka };
}

/** Stops the broker the project started (by its pid file): SIGTERM, then SIGKILL after 30 s. */
export function stopKafka() {
  return stopDaemon(pidFile, marker, { graceMs: 30_000 });
}

async function startBroker(say) {
  const classpath = await ensureKafkaLibs(say);
  const { serverProperties, log4jProperties } = writeKafkaConfig({ kafkaDir, dataDir, logsDir });
  await formatStorageOnce({ classpath, serverProperties, log4jProperties, say });
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
  const daemon = startDaemon('java', [...jvmArgs, '-cp', classpath, 'kafka.Kafka', serverProperties], {
    logFile: stdoutLog,
    pidFile,
  });
  say(`kafka: starting Apache Kafka ${kafkaVersion} (KRaft, pid ${daemon.pid}); logs in ${logsDir}`);
  await waitFor('kafka', () => kafkaAnswers(localBrokers), {
    timeoutMs: readyTimeoutMs,
    intervalMs: 200,
    abort: () =>
      daemon.exited() && `the broker ${daemon.exited()}; ${stdoutLog}:\n${tailOf(stdoutLog)}\n${serverLog}:\n${tailOf(serverLog)}`,
  }).catch(async (error) => {
    await stopKafka();
    throw error;
  });
  say(`kafka: broker ready at ${localBrokers} in ${secondsSince(startedAt)}`);
}

// KRaft storage is formatted once, with a fresh cluster id; meta.properties marks a formatted dir.
async function formatStorageOnce({ classpath, serverProperties, log4jProperties, say }) {
  if (fs.existsSync(path.join(dataDir, 'meta.properties'))) return;
  const startedAt = Date.now();
  const storageTool = async (...args) => {
    const javaArgs = [`-Dlog4j2.configurationFile=${log4jProperties}`, '-cp', classpath, 'kafka.tools.StorageTool', ...args];
    return (await run(`kafka: StorageTool ${args[0]}`, 'java', javaArgs)).stdout.trim();
  };
  const clusterId = await storageTool('random-uuid');
  fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    await storageTool('format', '-t', clusterId, '-c', serverProperties, '--standalone');
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  say(`kafka: formatted ${dataDir} (cluster ${clusterId}) in ${secondsSince(startedAt)}`);
}
