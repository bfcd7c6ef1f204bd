// The broker's classpath: Apache Kafka's jars from Maven Central, resolved once by Maven into a
// cache outside the work tree (${OVATION_CACHE:-~/.cache/ovation}/kafka-<version>/libs) and reused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { secondsSince } from './log.mjs';
import { cacheDir, infraDir } from './paths.mjs';
import { onPath, run } from './run.mjs';

const pomFile = path.join(infraDir, 'kafka', 'pom.xml');
const pom = fs.readFileSync(pomFile, 'utf8');

/** The broker version, read from the pom so that it is set in one place. */
export const kafkaVersion = pom.match(/<kafka\.version>([^<]+)<\/kafka\.version>/)[1];

const libsDir = path.join(cacheDir, `kafka-${kafkaVersion}`, 'libs');
// Written last, holding the pom's hash: a half-finished download or an edited pom resolves again.
const completeMarker = path.join(libsDir, '.complete');
const pomHash = crypto.createHash('sha256').update(pom).digest('hex');

/** The Java classpath of the broker; runs Maven only when the cache is missing or stale. */
export async function ensureKafkaLibs(say) {
  await requireJava();
  if (readMarker() === pomHash) return `${libsDir}/*`;
  if (!onPath('mvn')) {
    throw new Error(`kafka: Maven is needed once to fetch the Kafka ${kafkaVersion} jars into ${libsDir}, and mvn is not on PATH (apt-get install -y maven)`);
  }
  const startedAt = Date.now();
  say(`kafka: resolving Apache Kafka ${kafkaVersion} jars from Maven Central into ${libsDir}`);
  // Resolve into a private folder and rename it into place, so a concurrent or interrupted run never
  // leaves a half-filled libs dir that looks complete.
  const staging = `${libsDir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const args = ['-q', '-B', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'];
    await run('kafka: mvn dependency:copy-dependencies', 'mvn', args);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  fs.writeFileSync(path.join(staging, '.complete'), pomHash);
  fs.rmSync(libsDir, { recursive: true, force: true });
  fs.renameSync(staging, libsDir);
  say(`kafka: ${fs.readdirSync(libsDir).filter((f) => f.endsWith('.jar')).length} jars cached in ${secondsSince(startedAt)}`);
  return `${libsDir}/*`;
}

function readMarker() {
  try {
    return fs.readFileSync(completeMarker, 'utf8').trim();
  } catch {
    return null;
  }
}

// Kafka 4.x brokers need Java 17 or newer.
async function requireJava() {
  if (!onPath('java')) {
    throw new Error('kafka: the broker needs Java 17+, and java is not on PATH (apt-get install -y openjdk-17-jre-headless)');
  }
  const { output } = await run('kafka: java', 'java', ['-XshowSettings:properties', '-version']);
  const major = Number(/java\.specification\.version = (\d+)/.exec(output)?.[1]);
  if (!(major >= 17)) throw new Error(`kafka: Kafka ${kafkaVersion} needs Java 17+, found Java ${major || 'of unknown version'}`);
}
