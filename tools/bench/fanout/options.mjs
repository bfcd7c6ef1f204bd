// Flags of `npm run bench:fanout`; the defaults are a quick run, `--connections 20000 --rate 200` the full one.
import { parseArgs } from 'node:util';

const flags = {
  connections: { type: 'string', default: '2000', help: 'viewer sockets held per system' },
  'hot-fraction': { type: 'string', default: '0.5', help: 'share of the viewers in the hot room' },
  'small-room-size': { type: 'string', default: '20', help: 'viewers per small room' },
  rate: { type: 'string', default: '50', help: 'chat messages per second sent into the hot room' },
  duration: { type: 'string', default: '15', help: 'seconds of load' },
  warmup: { type: 'string', default: '5', help: 'seconds of the same load before the measured run (0: none)' },
  senders: { type: 'string', default: '50', help: 'sender users (each its own socket) sharing the rate' },
  sample: { type: 'string', default: '200', help: 'hot-room viewers that time every message' },
  clients: { type: 'string', default: '0', help: 'load-client processes (0: one per 9000 sockets, at least 2)' },
  'connect-concurrency': { type: 'string', default: '200', help: 'handshakes in flight per load client' },
  'port-offset': { type: 'string', default: '4800', help: 'port offset of the push nodes this bench starts' },
  'server-cpus': { type: 'string', default: '0', help: 'taskset CPU list for the servers' },
  'client-cpus': { type: 'string', default: '1', help: 'taskset CPU list for the load clients' },
  'probe-cpus': { type: 'string', default: '0', help: 'taskset CPU list for the measuring clients (the latency sample and the senders), apart from the bulk load' },
  only: { type: 'string', default: 'bare,ovation,socketio', help: 'systems to run, comma-separated' },
  help: { type: 'boolean', default: false },
};

export function parseOptions(argv) {
  const { values } = parseArgs({ args: argv, options: Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, { type: v.type, default: v.default }])) });
  if (values.help) {
    process.stdout.write(`npm run bench:fanout -- [flags]\n${Object.entries(flags).map(([k, v]) => `  --${k.padEnd(20)} ${v.help ?? ''} (default ${v.default})`).join('\n')}\n`);
    process.exit(0);
  }
  const number = (name, min, max) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number between ${min} and ${max} (got ${values[name]})`);
    return value;
  };
  const connections = Math.floor(number('connections', 10, 60_000));
  const clients = Math.floor(number('clients', 0, 16)) || Math.max(2, Math.ceil(connections / 9000));
  return {
    connections,
    hotFraction: number('hot-fraction', 0.01, 1),
    smallRoomSize: Math.floor(number('small-room-size', 1, 10_000)),
    rate: number('rate', 1, 5000),
    durationMs: number('duration', 3, 600) * 1000,
    warmupMs: number('warmup', 0, 120) * 1000,
    senders: Math.floor(number('senders', 1, 1000)),
    sample: Math.floor(number('sample', 1, 5000)),
    clients,
    connectConcurrency: Math.floor(number('connect-concurrency', 1, 5000)),
    portOffset: Math.floor(number('port-offset', 0, 20_000)),
    serverCpus: values['server-cpus'],
    clientCpus: values['client-cpus'],
    probeCpus: values['probe-cpus'],
    systems: values.only.split(',').map((s) => s.trim()).filter(Boolean),
  };
}
