import { Kafka, logLevel } from 'kafkajs';
import { KafkaLogger, kafkaLogCreator } from './kafka-logger';

export interface KafkaOptions {
  /** Names this process to the brokers (shows in their logs and quotas). */
  clientId: string;
  /** host:port seeds. */
  brokers: string[];
  /** Where kafkajs logs go; kafkajs' console output when absent. */
  logger?: KafkaLogger;
  /** kafkajs' own level filter (INFO by default): its DEBUG output is large and costly to build. */
  logLevel?: logLevel;
}

export function createKafka(options: KafkaOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: options.logLevel ?? logLevel.INFO,
    logCreator: options.logger ? kafkaLogCreator(options.logger) : undefined,
  });
}
