import { ingestV1, kafkaCodecs, Topics } from '@ovation/contracts';
import { createKafka, EventProducer, namespacedTopic } from '@ovation/kafka';
import { infraEnv } from './infra-env';

/**
 * Plays an ingest node: tells the fleet, through Kafka, that these rooms' streams started, so
 * room marks them live (and emits the state change) without a real RTMP publish.
 */
export async function announceStreamsStarted(namespace: string, roomIds: string[], brokers = infraEnv().KAFKA_BROKERS): Promise<void> {
  const producer = new EventProducer(createKafka({ clientId: 'test-ingest', brokers: brokers.split(',') }));
  await producer.connect();
  try {
    const topic = namespacedTopic(namespace, Topics.streamLifecycle);
    for (const roomId of roomIds) {
      const event: ingestV1.StreamLifecycleEvent = {
        roomId,
        streamId: `stream-${roomId}`,
        ingestNode: 'ingest-test',
        atMs: String(Date.now()),
        started: { renditions: ['source'], flvOriginUrl: '', hlsMasterUrl: '', width: 1280, height: 720 },
      };
      await producer.send(topic, { key: roomId, value: kafkaCodecs[Topics.streamLifecycle].encode(event) });
    }
  } finally {
    await producer.disconnect();
  }
}
