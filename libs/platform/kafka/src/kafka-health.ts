import type { Admin, Kafka } from 'kafkajs';
import { once } from 'node:events';

export interface KafkaHealthCheck {
  /** Resolves when the cluster answered a metadata request within the timeout. */
  (): Promise<void>;
  /** Disconnects the admin client the checks share. */
  close(): Promise<void>;
}

/** A readiness check that reuses one admin connection instead of opening one per probe. */
export function kafkaHealth(kafka: Kafka, options: { timeoutMs?: number } = {}): KafkaHealthCheck {
  const timeoutMs = options.timeoutMs ?? 2_000;
  let admin: Promise<Admin> | undefined;

  const connected = (): Promise<Admin> =>
    (admin ??= (async () => {
      const client = kafka.admin();
      await client.connect();
      return client;
    })().catch((error) => {
      admin = undefined; // the next probe tries afresh
      throw error;
    }));

  const check = (async () => {
    const answered = (async () => (await connected()).describeCluster())();
    const timedOut = once(AbortSignal.timeout(timeoutMs), 'abort').then(() => {
      throw new Error(`kafka did not answer within ${timeoutMs} ms`);
    });
    await Promise.race([answered, timedOut]);
  }) as KafkaHealthCheck;
  check.close = async () => {
    const current = admin;
    admin = undefined;
    await current?.then((client) => client.disconnect(), () => undefined);
  };
  return check;
}
