import { readTlsFiles } from '@ovation/config';
import type { KafkaOptions, KafkaSaslMechanism } from './create-kafka';

/** The `KAFKA_*` connection variables of `kafkaFields` in @ovation/config. */
export interface KafkaConnectionConfig {
  KAFKA_BROKERS: string[];
  KAFKA_TLS: boolean;
  KAFKA_TLS_CA_FILE: string;
  KAFKA_TLS_CERT_FILE: string;
  KAFKA_TLS_KEY_FILE: string;
  KAFKA_SASL_MECHANISM: 'none' | KafkaSaslMechanism;
  KAFKA_SASL_USERNAME: string;
  KAFKA_SASL_PASSWORD: string;
}

/**
 * Where the brokers are and how to reach them, for every client a service creates (its producer,
 * consumers and admin, the outbox relay's): TLS files are read here, so a missing or unreadable
 * one stops the start with a ConfigError naming its variable.
 */
export function kafkaConnection(config: KafkaConnectionConfig): Pick<KafkaOptions, 'brokers' | 'tls' | 'sasl'> {
  const { KAFKA_SASL_MECHANISM: mechanism } = config;
  return {
    brokers: config.KAFKA_BROKERS,
    tls: config.KAFKA_TLS ? readTlsFiles('the Kafka connection', 'KAFKA', config) : undefined,
    sasl: mechanism === 'none' ? undefined : { mechanism, username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD },
  };
}
