// The single-node KRaft broker's configuration, generated into .ovation/kafka on every start so the
// file on disk always matches this code.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes server.properties (the PLAINTEXT listener on `port`, its controller on `controllerPort`,
 * plus `listeners`) and log4j2.properties into kafkaDir; returns their paths. Each of `listeners`
 * is `{ name, port, protocol = 'PLAINTEXT', advertised, tls, saslMechanisms }`, another client
 * listener on 127.0.0.1:port:
 *   - `advertised` (host:port, default 127.0.0.1:port): where it tells clients to come back, for
 *     clients that reach the broker through a forwarder under another name;
 *   - `tls` ({ keystore, truststore, clientAuth }) for protocol SSL or SASL_SSL: a PEM file with
 *     the broker's key and certificate chain, the PEM CA bundle client certificates must chain to,
 *     and whether a client certificate is `required`, `requested` or not asked for (`none`);
 *   - `saslMechanisms` (SCRAM-SHA-256, SCRAM-SHA-512, PLAIN) for SASL_SSL or SASL_PLAINTEXT: the
 *     users are `users` ({ username, password }), SCRAM ones stored at format time (kafka-broker.mjs).
 * The broker itself (inter-broker, the readiness probe) keeps using PLAINTEXT on `port`. The file
 * holds PLAIN passwords when a listener enables PLAIN: it is readable by its owner only.
 */
export function writeKafkaConfig({ kafkaDir, dataDir, logsDir, port, controllerPort, listeners = [], users = [] }) {
  const serverProperties = path.join(kafkaDir, 'server.properties');
  const log4jProperties = path.join(kafkaDir, 'log4j2.properties');
  fs.mkdirSync(logsDir, { recursive: true });
  fs.writeFileSync(serverProperties, toProperties(serverSettings({ dataDir, port, controllerPort, listeners, users })), { mode: 0o600 });
  fs.chmodSync(serverProperties, 0o600);
  fs.writeFileSync(log4jProperties, toProperties(logSettings(logsDir)));
  return { serverProperties, log4jProperties };
}

const JAAS = {
  'SCRAM-SHA-256': () => 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  'SCRAM-SHA-512': () => 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  PLAIN: (users) => `org.apache.kafka.common.security.plain.PlainLoginModule required ${users.map((u) => `user_${u.username}="${u.password}"`).join(' ')};`,
};

/** The settings of one extra listener (see writeKafkaConfig), under listener.name.<name>. */
function listenerSettings({ name, tls, saslMechanisms = [] }, users) {
  const prefix = `listener.name.${name.toLowerCase()}`;
  return {
    ...(tls && {
      [`${prefix}.ssl.keystore.type`]: 'PEM',
      [`${prefix}.ssl.keystore.location`]: tls.keystore,
      [`${prefix}.ssl.truststore.type`]: 'PEM',
      [`${prefix}.ssl.truststore.location`]: tls.truststore,
      [`${prefix}.ssl.client.auth`]: tls.clientAuth ?? 'none',
    }),
    ...(saslMechanisms.length && { [`${prefix}.sasl.enabled.mechanisms`]: saslMechanisms.join(',') }),
    ...Object.fromEntries(saslMechanisms.map((mechanism) => [`${prefix}.${mechanism.toLowerCase()}.sasl.jaas.config`, JAAS[mechanism](users)])),
  };
}

function serverSettings({ dataDir, port, controllerPort, listeners, users }) {
  const address = (l) => `${l.name}://127.0.0.1:${l.port}`;
  return {
    // One process is both the broker and the (only) KRaft controller.
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.bootstrap.servers': `127.0.0.1:${controllerPort}`,
    listeners: [`PLAINTEXT://127.0.0.1:${port}`, `CONTROLLER://127.0.0.1:${controllerPort}`, ...listeners.map(address)].join(','),
    'advertised.listeners': [`PLAINTEXT://127.0.0.1:${port}`, ...listeners.map((l) => `${l.name}://${l.advertised ?? `127.0.0.1:${l.port}`}`)].join(','),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': ['PLAINTEXT:PLAINTEXT', 'CONTROLLER:PLAINTEXT', ...listeners.map((l) => `${l.name}:${l.protocol ?? 'PLAINTEXT'}`)].join(','),
    ...Object.assign({}, ...listeners.map((l) => listenerSettings(l, users))),
    'log.dirs': dataDir,
    // Topics are declared by the services that own them, never created by a typo in a producer.
    'auto.create.topics.enable': false,
    'num.partitions': 6,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    // With one broker every internal topic must have one replica, or it is never created. Fewer
    // partitions than the default 50 keep the first consumer group's start quick on a small machine.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 6,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 6,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Tests and a dev fleet start consumers one after another: do not hold the first rebalance back.
    'group.initial.rebalance.delay.ms': 0,
  };
}

// The broker logs to a rolling file, never to stdout (which only catches JVM-level failures).
function logSettings(logsDir) {
  return {
    status: 'warn',
    // Log4j's own shutdown hook would close the file before Kafka's hook logs its orderly shutdown.
    shutdownHook: 'disable',
    'appender.file.type': 'RollingFile',
    'appender.file.name': 'file',
    'appender.file.fileName': path.join(logsDir, 'server.log'),
    'appender.file.filePattern': path.join(logsDir, 'server.log.%i'),
    'appender.file.layout.type': 'PatternLayout',
    'appender.file.layout.pattern': '[%d] %p %m (%c)%n',
    'appender.file.policies.type': 'Policies',
    'appender.file.policies.size.type': 'SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size': '20MB',
    'appender.file.strategy.type': 'DefaultRolloverStrategy',
    'appender.file.strategy.max': 3,
    'rootLogger.level': 'info',
    'rootLogger.appenderRef.file.ref': 'file',
  };
}

function toProperties(settings) {
  return `# Generated by tools/infra; edits are overwritten on the next start.\n${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}
