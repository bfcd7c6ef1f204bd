import type { TlsMaterial } from '@ovation/config';
import { Kafka, KafkaConfig, logLevel, SASLOptions } from 'kafkajs';
import { KafkaLogger, kafkaLogCreator } from './kafka-logger';

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** SASL authentication to every broker. */
export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

export interface KafkaOptions {
  /** Names this process to the brokers (shows in their logs and quotas). */
  clientId: string;
  /** host:port seeds. */
  brokers: string[];
  /**
   * TLS to every broker when present: each broker's certificate must chain to `ca` (Node's
   * default CAs without one) and name the host connected to; `cert` and `key` for mutual TLS.
   */
  tls?: TlsMaterial;
  sasl?: KafkaSasl;
  /** Where kafkajs logs go; kafkajs' console output when absent. */
  logger?: KafkaLogger;
  /** kafkajs' own level filter (INFO by default): its DEBUG output is large and costly to build. */
  logLevel?: logLevel;
}

export function createKafka(options: KafkaOptions): Kafka {
  return new Kafka(kafkaJsConfig(options));
}

/**
 * The one place our options become kafkajs' (a client swap changes this file, not the callers).
 * Certificate and host name checks stay kafkajs' defaults: nothing here can turn them off.
 */
export function kafkaJsConfig(options: KafkaOptions): KafkaConfig {
  return {
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.tls ? { ...options.tls } : undefined,
    sasl: options.sasl && ({ ...options.sasl } as SASLOptions),
    logLevel: options.logLevel ?? logLevel.INFO,
    logCreator: options.logger ? kafkaLogCreator(options.logger) : undefined,
  };
}
