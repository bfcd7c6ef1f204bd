#!/usr/bin/env node
// `node tools/infra/broker.mjs <start|stop|kill> --name <name> --port <port> [--external-port <port>
// --advertise <host:port>] [--listeners <file.json>]`: a Kafka broker of its own (state in
// .ovation/<name>), for tests that crash and restart a broker without touching the one every other
// test uses, that reach it from other hosts (the external listener), or that need TLS and SASL
// listeners: the JSON file holds { listeners, users } (kafka-config.mjs; a file, so no password is
// on a command line). `start` prints {"brokers","pid"} once the broker answers.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { kafkaBroker } from './kafka-broker.mjs';
import { prefixed } from './log.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, port: { type: 'string' }, 'external-port': { type: 'string' }, advertise: { type: 'string' }, listeners: { type: 'string' } },
});
const [command] = positionals;
const port = Number(values.port);
if (!['start', 'stop', 'kill'].includes(command) || !values.name || values.name === 'kafka' || !Number.isInteger(port)) {
  console.error('usage: broker.mjs <start|stop|kill> --name <name other than kafka> --port <port>');
  process.exit(2);
}
const external = values.advertise ? { name: 'EXTERNAL', port: Number(values['external-port']), advertised: values.advertise } : undefined;
if (external && !Number.isInteger(external.port)) {
  console.error('--advertise needs --external-port <port>');
  process.exit(2);
}
const { listeners = [], users = [] } = values.listeners ? JSON.parse(fs.readFileSync(values.listeners, 'utf8')) : {};
const broker = kafkaBroker({ name: values.name, port, listeners: [...(external ? [external] : []), ...listeners], users });
const say = prefixed((line) => console.error(line));
try {
  if (command === 'start') {
    const { pid } = await broker.start(say);
    console.log(JSON.stringify({ brokers: broker.brokers, pid }));
  } else {
    say(`${broker.name}: ${(await broker[command]()) ? `${command === 'kill' ? 'killed' : 'stopped'}` : 'was not running'}`);
  }
} catch (error) {
  say(`${broker.name}: ${command} failed: ${error.message}`);
  process.exitCode = 1;
}
