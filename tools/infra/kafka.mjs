// Kafka: reuse the broker answering at KAFKA_BROKERS, else run the project's own single-node KRaft
// broker on 127.0.0.1:9092 (see kafka-broker.mjs), its pid in .ovation/kafka/kafka.pid.
import { firstBrokerAccepts, kafkaAnswers, kafkaBroker } from './kafka-broker.mjs';
import { reuseSecured } from './secured-links.mjs';
import { waitFor } from './wait.mjs';

const local = kafkaBroker();

/** Makes sure a Kafka broker answers; returns { env, started, stop }. */
export async function ensureKafka({ say }) {
  const brokers = process.env.KAFKA_BROKERS || local.brokers;
  const env = { KAFKA_BROKERS: brokers };
  const reused = { env, started: false, stop: async () => {} };
  if (await reuseSecured('kafka', `KAFKA_BROKERS=${brokers}`, say)) return reused;
  const ours = local.pid();
  if (ours && brokers === local.brokers) {
    await local.start(say);
    say(`kafka: using the broker the project started earlier (pid ${ours}) at ${brokers}`);
    return reused;
  }
  if (await firstBrokerAccepts(brokers)) {
    await waitFor(`kafka: ${brokers} accepts connections but does not answer as a Kafka broker`, () => kafkaAnswers(brokers), { timeoutMs: 10_000 });
    say(`kafka: using the broker at ${brokers}`);
    return reused;
  }
  if (brokers !== local.brokers) throw new Error(`kafka: KAFKA_BROKERS=${brokers} does not answer`);
  await local.start(say);
  return { env, started: true, stop: stopKafka };
}

/** Stops the broker the project started (by its pid file): SIGTERM, then SIGKILL after 30 s. */
export function stopKafka() {
  return local.stop();
}
