import { ingestV1, kafkaCodecs, Topics } from '@ovation/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { infraEnv } from './infra-env';

/**
 * Plays an ingest node: tells the fleet, through Kafka, that these rooms' streams started, so
 * room marks them live (and emits the state change) without a real RTMP publish. A bare kafkajs
 * producer, not @ovation/kafka's: the fixtures depend on no platform lib, so every platform
 * lib's tests may use them.
 */
export async function announceStreamsStarted(namespace: string, roomIds: string[], brokers = infraEnv().KAFKA_BROKERS): Promise<void> {
  const producer = new Kafka({ clientId: 'test-ingest', brokers: brokers.split(','), logLevel: logLevel.WARN }).producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const topic = namespace ? `${namespace}.${Topics.streamLifecycle}` : Topics.streamLifecycle;
    const messages = roomIds.map((roomId) => {
      const event: ingestV1.StreamLifecycleEvent = {
        roomId,
        streamId: `stream-${roomId}`,
        ingestNode: 'ingest-test',
        atMs: String(Date.now()),
        started: { renditions: ['source'], flvOriginUrl: '', hlsMasterUrl: '', width: 1280, height: 720 },
      };
      return { key: roomId, value: Buffer.from(kafkaCodecs[Topics.streamLifecycle].encode(event)) };
    });
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}
